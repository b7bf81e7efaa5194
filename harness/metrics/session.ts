// One run's metrics: the collectors, ticked once a second, and the sinks every point goes to
// (metrics.lp always, InfluxDB when configured). It is the scenario runner's recorder: steps,
// marks and the steps' own points (chaos, http) go through it too, so every point carries the
// tags run, scenario and step, and the summary is computed from exactly what was written.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterHandle } from '../cluster/types.js';
import { silentLogger, type Logger } from '../util/log.js';
import type { Calibration } from './calibrate.js';
import type { NestedCalibration } from './nested-calibration.js';
import type { Collector, Emitted } from './collectors/types.js';
import type { InfluxTarget } from './influx-config.js';
import { encodePoint } from './line-protocol.js';
import { Measurement, type Point } from './measurements.js';
import type { CollectorFactory, PointTable } from './plugin.js';
import { measurementPlugins } from './registry.js';
import { InfluxSink, type InfluxSinkStats } from './sinks/influx.js';
import { LineFileSink } from './sinks/lp-file.js';
import { SummaryBuilder, type MetricsSummary, type StepWindow } from './summary.js';
import { UniqueTimes } from './unique-times.js';

/** What points are recorded through: this session implements it, and the scenario runner's
 *  StepRecorder (scenario/recorder.ts) implements it for steps and fans out to sinks of this type. */
export interface Recorder {
  setStep(name: string, index: number): void;
  mark(name: string): void;
  record(point: Point): void;
}

export interface MetricsSessionOptions {
  runDir: string;
  runId: string;
  scenario: string;
  /** InfluxDB to send points to as well (see influx-config.ts). */
  influx?: InfluxTarget;
  /** The cluster to collect from; without one only the harness itself is measured. */
  cluster?: ClusterHandle;
  log?: Logger;
  tickMs?: number;
  /** Collectors switched off by name ('swarm', 'resources', 'harness', 'hollow'); by default every
   *  collector a registered measurement plug-in names runs when it has what it needs. */
  collect?: Record<string, boolean>;
  /** The hosts' raw start rate, for the calibration figures of the summary. */
  calibration?: Calibration;
  /** The nodes' own start rate on this cluster, for the efficiency figures. */
  nested?: NestedCalibration;
  /** How long stop() keeps trying to empty the InfluxDB spool. */
  influxDrainTimeoutMs?: number;
  /** The step tag of points recorded before the first step. */
  initialStep?: string;
  /** Write `step` start/end points on setStep (off when the caller writes its own, as the runner does). */
  stepPoints?: boolean;
}

export interface MetricsResult {
  summary: MetricsSummary;
  /** Points written, per measurement (metrics.lp and, when configured, InfluxDB hold these). */
  points: Record<string, number>;
  influx?: InfluxSinkStats;
  /** Engine calls and cgroup reads made by the collectors. */
  calls: Record<string, number>;
  /** metrics.lp, and the plug-ins' CSV files by name (tasks.csv). */
  files: { lineProtocol: string; tables: Record<string, string> };
}

export const METRICS_FILE = 'metrics.lp';
export const SPOOL_FILE = 'influx-spool.lp';

export class MetricsSession implements Recorder, AsyncDisposable {
  private readonly lp: LineFileSink;
  private readonly influx?: InfluxSink;
  private readonly unique = new UniqueTimes();
  private readonly summaryBuilder: SummaryBuilder;
  private readonly counts: Record<string, number> = {};
  private readonly windows: StepWindow[] = [];
  /** Per measurement with a CSV: its table and the rows so far. */
  private readonly tables = new Map<string, { table: PointTable; rows: string[] }>();
  /** Measurements whose points belong to the step at their own time. */
  private readonly stepByTime = new Set<string>();
  private readonly collectors: Collector[] = [];
  private readonly log: Logger;
  private currentStep: string;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> = Promise.resolve();
  private result: MetricsResult | undefined;
  private readonly startMs = Date.now();

  private constructor(private readonly opts: MetricsSessionOptions) {
    this.log = opts.log ?? silentLogger;
    this.currentStep = opts.initialStep ?? 'setup';
    this.summaryBuilder = new SummaryBuilder({ calibration: opts.calibration, nested: opts.nested });
    for (const p of measurementPlugins()) {
      if (p.table) this.tables.set(p.table.measurement, { table: p.table, rows: [] });
      for (const s of p.points) if (s.stepByTime) this.stepByTime.add(s.measurement);
    }
    this.lp = new LineFileSink(join(opts.runDir, METRICS_FILE));
    if (opts.influx) this.influx = new InfluxSink(opts.influx, join(opts.runDir, SPOOL_FILE), { log: this.log });
  }

  /** Opens the sinks and starts the collectors ticking. */
  static async start(opts: MetricsSessionOptions): Promise<MetricsSession> {
    await mkdir(opts.runDir, { recursive: true });
    const s = new MetricsSession(opts);
    await s.lp.open();
    await s.influx?.start();
    await s.addCollectors();
    const tickMs = opts.tickMs ?? 1000;
    s.timer = setInterval(() => s.tick(), tickMs);
    s.timer.unref();
    return s;
  }

  /** One collector per factory the registered plug-ins name (several plug-ins share the swarm one). */
  private async addCollectors(): Promise<void> {
    const { cluster, collect = {} } = this.opts;
    const factories = new Set<CollectorFactory>();
    for (const p of measurementPlugins())
      if (p.collector && collect[p.collector.name] !== false) factories.add(p.collector);
    const deps = { cluster, emit: (p: Emitted) => this.emit(p), log: this.log, sinceMs: this.startMs };
    for (const f of factories) {
      const c = await f.create(deps);
      if (c) this.collectors.push(c);
    }
  }

  private tick(): void {
    const now = Date.now();
    const work = Promise.all(this.collectors.map((c) => c.tick(now).catch(() => undefined))).then(() => this.flush());
    this.ticking = work;
  }

  private flush(): Promise<unknown> {
    return Promise.all([
      this.lp.flush().catch((err) => this.log.warn(`metrics: cannot append to ${this.lp.path}: ${String(err)}`)),
      this.influx?.flush(),
    ]);
  }

  setStep(name: string, index: number): void {
    const now = Date.now();
    // Steps add and remove nodes: collectors look at what they watch again rather than wait.
    for (const c of this.collectors) c.refresh?.();
    this.endStep(now);
    this.currentStep = name;
    this.windows.push({ name, index, startMs: now });
    if (this.opts.stepPoints === false) return;
    this.record({
      measurement: Measurement.step,
      tags: { step: name },
      fields: { event: 'start', index },
      intFields: ['index'],
      timeMs: now,
    });
  }

  private endStep(now: number): void {
    const w = this.windows.at(-1);
    if (!w || w.endMs !== undefined) return;
    w.endMs = now;
    if (this.opts.stepPoints === false) return;
    this.record({
      measurement: Measurement.step,
      tags: { step: w.name },
      fields: { event: 'end', index: w.index },
      intFields: ['index'],
      timeMs: now,
    });
  }

  mark(name: string): void {
    this.record({
      measurement: Measurement.mark,
      tags: { name },
      fields: { value: 1 },
      intFields: ['value'],
      timeMs: Date.now(),
    });
  }

  /** Records a point: common tags added, time made unique in its series, written to every sink. */
  record(point: Point): void {
    if (this.result) return; // after stop(): the files are closed
    const tags: Record<string, string> = {
      run: this.opts.runId,
      scenario: this.opts.scenario,
      step: this.currentStep,
      ...point.tags,
    };
    const p: Point = { ...point, tags };
    p.timeMs = this.unique.claim(p);
    const line = encodePoint(p);
    this.lp.write(line);
    this.influx?.write(line);
    this.summaryBuilder.observe(p);
    const t = this.tables.get(p.measurement);
    if (t) t.rows.push(t.table.row(p).join(','));
    this.counts[p.measurement] = (this.counts[p.measurement] ?? 0) + 1;
  }

  private emit(e: Emitted): void {
    const step = this.stepByTime.has(e.measurement) ? this.stepAt(e.timeMs) : undefined;
    this.record({ ...e, tags: { ...(step ? { step } : {}), ...e.tags } });
  }

  /** The step a moment belongs to (a task belongs to the step in which it reached running). */
  private stepAt(ms: number): string {
    for (let i = this.windows.length - 1; i >= 0; i--) if (this.windows[i]!.startMs <= ms) return this.windows[i]!.name;
    return this.opts.initialStep ?? 'setup';
  }

  /** The flat summary so far (SLO names; per step as step.<name>.<metric>). */
  summary(): MetricsSummary {
    return this.summaryBuilder.build(this.windows);
  }

  /** Stops the collectors after a last look, closes the sinks, writes the plug-ins' CSVs. Idempotent. */
  async stop(): Promise<MetricsResult> {
    if (this.result) return this.result;
    clearInterval(this.timer);
    await this.ticking.catch(() => undefined);
    const now = Date.now();
    for (const c of this.collectors) await (c.final ?? c.tick).call(c, now).catch(() => undefined);
    for (const c of this.collectors) c.close?.();
    this.endStep(Date.now());
    const summary = this.summary();
    const calls: Record<string, number> = {};
    for (const c of this.collectors)
      for (const [k, v] of Object.entries(c.calls?.() ?? {})) calls[`${c.name}.${k}`] = v;
    const tables = Object.fromEntries(
      [...this.tables.values()].map(({ table }) => [table.file, join(this.opts.runDir, table.file)]),
    );
    this.result = { summary, points: { ...this.counts }, calls, files: { lineProtocol: this.lp.path, tables } };
    await this.lp.close();
    if (this.influx)
      this.result.influx = await this.influx.close(Date.now() + (this.opts.influxDrainTimeoutMs ?? 60_000));
    for (const { table, rows } of this.tables.values()) {
      await writeFile(tables[table.file]!, `${[table.columns.join(','), ...rows].join('\n')}\n`);
    }
    return this.result;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
