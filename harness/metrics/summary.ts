// The run's headline figures, computed from the very points written to metrics.lp (so they agree
// with anything else derived from the file): start-up latency and scheduling throughput overall
// and per step, CPU and memory of managers, workers and the harness, node counts, leader changes.
// Names are those of scenario/metric-catalog.ts, which SLOs use.
import { Measurement, type Point } from './measurements.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { throughput } from './rate.js';

export type MetricsSummary = Record<string, number>;

export interface StepWindow {
  name: string;
  index: number;
  startMs: number;
  endMs?: number;
}

const STATS = ['p50', 'p90', 'p99', 'max', 'mean', 'min'] as const;

function put(out: MetricsSummary, prefix: string, s: LatencySummary | undefined): void {
  if (!s) return;
  for (const k of STATS) out[`${prefix}.${k}`] = s[k];
}

/** Per second, how many of these times fall in it, from the first second to the last. */
export function perSecondCounts(times: readonly number[]): number[] {
  if (times.length === 0) return [];
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  // A bogus time must not allocate an array of years of seconds.
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi - lo > 7 * 86_400_000) return [];
  const first = Math.floor(lo / 1000);
  const counts = new Array<number>(Math.floor(hi / 1000) - first + 1).fill(0);
  for (const t of times) if (Number.isFinite(t)) counts[Math.floor(t / 1000) - first]!++;
  return counts;
}

/** Math.min(...xs) overflows the stack for long arrays; this does not. */
function minOf(xs: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const x of xs) if (Number.isFinite(x) && x < m) m = x;
  return m;
}

interface StepData {
  latencies: number[];
  runningTimes: number[];
}

export class SummaryBuilder {
  private readonly latencies: number[] = [];
  private readonly createdTimes: number[] = [];
  private readonly runningTimes: number[] = [];
  private readonly steps = new Map<string, StepData>();
  private readonly cpu = { manager: [] as number[], worker: [] as number[] };
  private readonly mem = { manager: [] as number[], worker: [] as number[] };
  private readonly harnessCpu: number[] = [];
  private readonly harnessLag: number[] = [];
  private readonly ready: number[] = [];
  private readonly down: number[] = [];
  private readonly lastRunning = new Map<string, { running: number; desired: number }>();
  private leaderChanges = 0;

  /** Feeds one recorded point (tags already include step). */
  observe(p: Point): void {
    const f = p.fields;
    switch (p.measurement) {
      case Measurement.task: {
        const lat = Number(f.latency_ms);
        const run = Number(f.running_ms);
        if (!Number.isFinite(lat) || !Number.isFinite(run)) break; // not a task sample of ours
        this.latencies.push(lat);
        this.runningTimes.push(run);
        this.createdTimes.push(Number(f.created_ms));
        const step = this.step(p.tags.step ?? '');
        step.latencies.push(lat);
        step.runningTimes.push(run);
        break;
      }
      case Measurement.nodeResources: {
        const role = p.tags.role === 'manager' ? 'manager' : 'worker';
        this.cpu[role].push(Number(f.cpu_percent));
        this.mem[role].push(Number(f.mem_bytes));
        break;
      }
      case Measurement.harness:
        this.harnessCpu.push(Number(f.cpu_percent));
        this.harnessLag.push(Number(f.event_loop_lag_ms));
        break;
      case Measurement.nodes:
        this.ready.push(Number(f.ready));
        this.down.push(Number(f.down));
        break;
      case Measurement.leader:
        if (f.previous) this.leaderChanges++;
        break;
      case Measurement.service:
        this.lastRunning.set(p.tags.service ?? '', { running: Number(f.running), desired: Number(f.desired) });
        break;
    }
  }

  private step(name: string): StepData {
    let s = this.steps.get(name);
    if (!s) this.steps.set(name, (s = { latencies: [], runningTimes: [] }));
    return s;
  }

  /** The flat map: overall figures by catalog name, per-step ones as `step.<name>.<metric>`. */
  build(windows: readonly StepWindow[]): MetricsSummary {
    const out: MetricsSummary = {};
    put(out, 'tasks.startup_latency', summarize(this.latencies));
    out['tasks.started'] = this.latencies.length;
    if (this.runningTimes.length > 0) {
      const from = minOf(this.createdTimes);
      const rate = throughput(this.runningTimes, Number.isFinite(from) ? from : minOf(this.runningTimes));
      if (rate !== undefined) out['scale.tasks_per_second'] = rate;
      put(out, 'scale.tasks_per_second', summarize(perSecondCounts(this.runningTimes)));
    }
    for (const w of windows) {
      const s = this.steps.get(w.name);
      if (!s || s.latencies.length === 0) continue;
      const prefix = `step.${w.name}`;
      put(out, `${prefix}.tasks.startup_latency`, summarize(s.latencies));
      out[`${prefix}.tasks.started`] = s.latencies.length;
      const rate = throughput(s.runningTimes, w.startMs, w.endMs);
      if (rate !== undefined) out[`${prefix}.scale.tasks_per_second`] = rate;
    }
    put(out, 'manager.cpu_percent', summarize(this.cpu.manager));
    put(out, 'worker.cpu_percent', summarize(this.cpu.worker));
    put(out, 'manager.mem_bytes', summarize(this.mem.manager));
    put(out, 'worker.mem_bytes', summarize(this.mem.worker));
    put(out, 'harness.cpu_percent', summarize(this.harnessCpu));
    put(out, 'harness.event_loop_lag', summarize(this.harnessLag));
    put(out, 'nodes.ready', summarize(this.ready));
    put(out, 'nodes.down', summarize(this.down));
    out['leader.changes'] = this.leaderChanges;
    let running = 0;
    let desired = 0;
    for (const v of this.lastRunning.values()) {
      running += v.running;
      desired += v.desired;
    }
    if (this.lastRunning.size > 0) {
      out['tasks.running'] = running;
      out['tasks.desired'] = desired;
    }
    return out;
  }
}

/** Unit and direction of a summary name, for RunRecord.metrics. */
export function unitOf(name: string): { unit: string; better: 'smaller' | 'bigger' } {
  const base = name.replace(/^step\.[^.]+\./, '');
  if (base.startsWith('tasks.startup_latency') || base.startsWith('harness.event_loop_lag')) return { unit: 'ms', better: 'smaller' };
  if (base.startsWith('scale.tasks_per_second') || base === 'scale.calibrated_rate') return { unit: 'per_s', better: 'bigger' };
  if (base === 'scale.fraction_of_hardware') return { unit: 'ratio', better: 'bigger' };
  if (base.includes('cpu_percent')) return { unit: 'percent', better: 'smaller' };
  if (base.includes('mem_bytes')) return { unit: 'bytes', better: 'smaller' };
  if (base.startsWith('nodes.down') || base === 'leader.changes') return { unit: 'count', better: 'smaller' };
  return { unit: 'count', better: 'bigger' };
}
