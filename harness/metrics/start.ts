// The scenario runner's door to metrics: a StartMetrics (scenario/recorder.ts) that starts a
// MetricsSession for the run and, at stop, hands back the collectors' headline values with units
// from the metric catalog. InfluxDB is used when --influx or SWARMBENCH_INFLUX_URL names one.
import type { MetricsContext, MetricsMap, MetricsSession as RunnerSession, StartMetrics } from '../scenario/recorder.js';
import { metricDef } from '../scenario/metric-catalog.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCalibration, CALIBRATION_FILE, type Calibration } from './calibrate.js';
import { describeTarget, resolveInfluxTarget } from './influx-config.js';
import type { Point } from './measurements.js';
import { MetricsSession, type MetricsResult } from './session.js';
import { unitOf, type MetricsSummary } from './summary.js';

export interface MetricsStarterOptions {
  /** --influx; falls back to SWARMBENCH_INFLUX_URL. */
  influxUrl?: string;
  influxDatabase?: string;
  /** The calibration to compare the scheduling rate with (default .swarmbench/calibration.json). */
  calibrationFile?: string;
  /** Called with the full result (points per measurement, InfluxDB figures, engine calls). */
  onResult?: (r: MetricsResult) => void;
}

type Unit = MetricsMap[string]['unit'];

/** The summary with units: the catalog's where it names the metric, else by its family. */
export function toMetricsMap(summary: MetricsSummary): MetricsMap {
  const out: MetricsMap = {};
  for (const [name, value] of Object.entries(summary)) {
    if (!Number.isFinite(value)) continue;
    const def = metricDef(name) ?? metricDef(name.replace(/^step\.[^.]+\./, ''));
    const fallback = unitOf(name);
    out[name] = { value, unit: (def?.unit ?? fallback.unit) as Unit, better: def?.better ?? fallback.better };
  }
  return out;
}

export function metricsStarter(opts: MetricsStarterOptions = {}): StartMetrics {
  return async (ctx: MetricsContext): Promise<RunnerSession> => {
    const influx = resolveInfluxTarget({ url: opts.influxUrl, database: opts.influxDatabase });
    if (influx) ctx.log.info(`metrics: also writing to InfluxDB at ${describeTarget(influx)}`);
    // The runner writes its own `step` points (with the step's figures); the session must not double them.
    const session = await MetricsSession.start({ runDir: ctx.runDir, runId: ctx.runId, scenario: ctx.scenario, cluster: ctx.cluster, influx, log: ctx.log, stepPoints: false });
    // The hosts' raw start rate, kept with the run so its report can put the swarm's rate beside it.
    const calibration = await readCalibration(opts.calibrationFile ?? CALIBRATION_FILE);
    if (calibration) await writeFile(join(ctx.runDir, 'calibration.json'), `${JSON.stringify(calibration, null, 2)}\n`);
    return {
      setStep: (name: string, index: number) => session.setStep(name, index),
      mark: (name: string) => session.mark(name),
      record: (p: Point) => session.record(p),
      async stop(): Promise<MetricsMap> {
        const r = await session.stop();
        const total = Object.values(r.points).reduce((a, b) => a + b, 0);
        ctx.log.info(`metrics: ${total} points in ${r.files.lineProtocol}` + (r.influx ? `; InfluxDB took ${r.influx.sent}, ${r.influx.unsent} left in ${r.influx.spoolPath}` : ''));
        opts.onResult?.(r);
        return toMetricsMap({ ...r.summary, ...calibrated(r.summary, calibration) });
      },
    };
  };
}

/** The swarm's scheduling rate beside what the hosts do on their own (sum over outer hosts). */
export function calibrated(summary: Record<string, number>, c: Calibration | undefined): Record<string, number> {
  if (!c) return {};
  const hardware = Object.values(c.hosts).reduce((sum, h) => sum + (h.containersPerSecond || 0), 0);
  if (!(hardware > 0)) return {};
  const out: Record<string, number> = { 'scale.calibrated_rate': hardware };
  const rate = summary['scale.tasks_per_second'];
  if (rate !== undefined && Number.isFinite(rate)) out['scale.fraction_of_hardware'] = rate / hardware;
  return out;
}
