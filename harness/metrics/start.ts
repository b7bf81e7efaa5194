// The scenario runner's door to metrics: a StartMetrics that starts a MetricsSession for the run
// and, at stop, hands back the summary with units from the measurement registry. InfluxDB is used
// when --influx or SWARMBENCH_INFLUX_URL names one.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterHandle } from '../cluster/types.js';
import type { Logger } from '../util/log.js';
import { calibrationMisfit, readCalibration, type Calibration } from './calibrate.js';
import { CALIBRATION_FILE } from './calibration-file.js';
import { describeTarget, resolveInfluxTarget } from './influx-config.js';
import type { Point } from './measurements.js';
import { valuesOf, withUnits, type MetricsMap } from './metric-map.js';
import { measureNestedRate, NESTED_CALIBRATION_FILE, type NestedCalibration } from './nested-calibration.js';
import { deriveFigures } from './registry.js';
import { MetricsSession, type MetricsResult, type Recorder } from './session.js';

/** What `run` starts after the cluster is ready and stops after the last step. */
export interface RunMetrics extends Recorder {
  /** Stops collecting, flushes sinks, and returns the summary's figures (e.g. tasks.startup_latency.p99). */
  stop(): Promise<MetricsMap>;
  /** The run's final figures with the derived ones (efficiency, fraction of hardware) computed
   *  again from them, after the steps' own values replaced the session's. */
  derive(map: MetricsMap): MetricsMap;
}

export interface MetricsContext {
  runId: string;
  scenario: string;
  runDir: string;
  cluster: ClusterHandle;
  log: Logger;
  startMs: number;
  /** The most tasks one step asks for at once: the nested rate is measured at this concurrency. */
  burst?: number;
}
export type StartMetrics = (ctx: MetricsContext) => Promise<RunMetrics>;

export interface MetricsStarterOptions {
  /** --influx; falls back to SWARMBENCH_INFLUX_URL. */
  influxUrl?: string;
  influxDatabase?: string;
  /** The calibration to compare the scheduling rate with (default .swarmbench/calibration.json). */
  calibrationFile?: string;
  /** Measure the nested start rate on the run's cluster before the first step (default true). */
  nested?: boolean;
  /** Measure it for the first run this starter serves only, and hand the later ones the same
   *  figure: `run --repeat` on one cluster (same host, nodes and image) spends ~17 s per
   *  repetition otherwise, and one denominator keeps the repetitions' efficiencies comparable. */
  nestedOnce?: boolean;
  /** Called with the full result (points per measurement, InfluxDB figures, engine calls). */
  onResult?: (r: MetricsResult) => void;
}

export function metricsStarter(opts: MetricsStarterOptions = {}): StartMetrics {
  let first: NestedCalibration | undefined;
  return async (ctx: MetricsContext): Promise<RunMetrics> => {
    const influx = resolveInfluxTarget({ url: opts.influxUrl, database: opts.influxDatabase });
    if (influx) ctx.log.info(`metrics: also writing to InfluxDB at ${describeTarget(influx)}`);
    // The hosts' raw start rate, kept with the run so its report can put the swarm's rate beside it.
    const calibration = await fittingCalibration(ctx, opts.calibrationFile ?? CALIBRATION_FILE);
    await mkdir(ctx.runDir, { recursive: true });
    if (calibration) await writeFile(join(ctx.runDir, 'calibration.json'), `${JSON.stringify(calibration, null, 2)}\n`);
    const nested =
      opts.nested === false
        ? undefined
        : opts.nestedOnce && first
          ? reuseNested(first, ctx.log)
          : await measureNestedRate(ctx.cluster, { burst: ctx.burst, log: ctx.log, runId: ctx.runId }).catch(
              (err: Error) => {
                ctx.log.warn(`nested start rate not measured: ${err.message}`);
                return undefined;
              },
            );
    first ??= nested;
    if (nested) await writeFile(join(ctx.runDir, NESTED_CALIBRATION_FILE), `${JSON.stringify(nested, null, 2)}\n`);
    // The runner writes its own `step` points (with the step's figures); the session must not double them.
    const session = await MetricsSession.start({
      runDir: ctx.runDir,
      runId: ctx.runId,
      scenario: ctx.scenario,
      cluster: ctx.cluster,
      influx,
      log: ctx.log,
      stepPoints: false,
      calibration,
      nested,
    });
    return {
      setStep: (name: string, index: number) => session.setStep(name, index),
      mark: (name: string) => session.mark(name),
      record: (p: Point) => session.record(p),
      async stop(): Promise<MetricsMap> {
        const r = await session.stop();
        const total = Object.values(r.points).reduce((a, b) => a + b, 0);
        ctx.log.info(
          `metrics: ${total} points in ${r.files.lineProtocol}` +
            (r.influx ? `; InfluxDB took ${r.influx.sent}, ${r.influx.unsent} left in ${r.influx.spoolPath}` : ''),
        );
        opts.onResult?.(r);
        return withUnits(r.summary);
      },
      derive: (map: MetricsMap) => withUnits(deriveFigures(valuesOf(map), { calibration, nested })),
    };
  };
}

function reuseNested(n: NestedCalibration, log: Logger): NestedCalibration {
  log.info(
    `nested start rate: ${n.containersPerSecond.toFixed(2)}/s, measured on this cluster by ${n.measuredBy ?? 'the first repetition'} at ${n.measuredAt} (once per set of repetitions)`,
  );
  return n;
}

/** The calibration on file when it describes these hosts now; otherwise none, and the log says why. */
async function fittingCalibration(ctx: MetricsContext, file: string): Promise<Calibration | undefined> {
  const c = await readCalibration(file);
  if (!c) return undefined;
  // Tasks on hollow workers start no container: the hosts' container start rate says nothing of
  // their rate (a swarm3k-hollow run showed 2.6 "of the hardware").
  if ((await ctx.cluster.nodes().catch(() => [])).some((n) => n.hollow)) {
    ctx.log.info('calibration: not compared (the cluster has hollow workers, whose tasks start no container)');
    return undefined;
  }
  const engines: Record<string, string | undefined> = {};
  for (const e of ctx.cluster.outerEngines()) engines[e.name] = (await e.version().catch(() => undefined))?.version;
  const misfit = calibrationMisfit(c, { ms: Date.now(), engines });
  if (misfit) {
    ctx.log.warn(`calibration ${file} not used: ${misfit}; \`swarmbench calibrate\` takes a new one`);
    return undefined;
  }
  ctx.log.info(`calibration: ${file}, taken ${c.measuredAt}`);
  return c;
}
