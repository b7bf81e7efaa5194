// Whether a figure measures the swarm or something in its way: per step and for the whole run,
// the share of seconds the machine was saturated (host-bound), the harness was (harness-bound),
// and heartbeats the hollow-worker simulator missed (simulator-bound). Anchors: Locust and
// Artillery warn when the load generator passes 90 % CPU; kube-burner invalidates runs past an
// error budget. The verdict in words (validityOf) goes into summary.json, the report, junit.xml
// and the run's last line; it changes the exit code only when the scenario says
// `validity: required` (judgeValidity in scenario/verdict.ts).
import { numberField, RunAndSteps } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import type { Fold, MeasurementPlugin, MetricsSummary } from '../plugin.js';

/** A host second is saturated at this share of all its cores busy… */
export const HOST_BUSY_CPU_SHARE = 0.9;
/** …or with less than this share of its memory available. */
export const HOST_LOW_MEMORY_SHARE = 0.05;
/** A harness second is saturated at this CPU (% of one core: Node runs JavaScript on one)… */
export const HARNESS_BUSY_CPU_PERCENT = 90;
/** …or when its event loop ran this late (timings then carry the delay). */
export const HARNESS_LATE_MS = 250;
/** A step is bound by what was saturated for at least this share of its seconds ("most of it"). */
export const BOUND_SHARE = 0.5;

interface Tally {
  hostSeconds: number;
  hostBusy: number;
  harnessSeconds: number;
  harnessBusy: number;
  missed: number;
}

const tally = (): Tally => ({ hostSeconds: 0, hostBusy: 0, harnessSeconds: 0, harnessBusy: 0, missed: 0 });

function put(out: MetricsSummary, prefix: string, t: Tally): void {
  if (t.hostSeconds > 0) out[`${prefix}validity.host_busy_share`] = t.hostBusy / t.hostSeconds;
  if (t.harnessSeconds > 0) out[`${prefix}validity.harness_busy_share`] = t.harnessBusy / t.harnessSeconds;
  out[`${prefix}validity.simulator_missed_heartbeats`] = t.missed;
}

function fold(): Fold {
  const t = new RunAndSteps(tally);
  return {
    observe(p) {
      if (p.measurement === Measurement.host) {
        const cpu = numberField(p, 'cpu_percent');
        const cores = numberField(p, 'cores') ?? 1;
        const avail = numberField(p, 'mem_available_bytes');
        const total = numberField(p, 'mem_total_bytes');
        if (cpu === undefined) return;
        const busy =
          cpu >= HOST_BUSY_CPU_SHARE * cores * 100 ||
          (avail !== undefined && !!total && avail < HOST_LOW_MEMORY_SHARE * total);
        t.add(p, (x) => ((x.hostSeconds += 1), (x.hostBusy += busy ? 1 : 0)));
      } else if (p.measurement === Measurement.harness) {
        const cpu = numberField(p, 'cpu_percent') ?? 0;
        const lag = numberField(p, 'event_loop_lag_ms') ?? 0;
        const busy = cpu >= HARNESS_BUSY_CPU_PERCENT || lag >= HARNESS_LATE_MS;
        t.add(p, (x) => ((x.harnessSeconds += 1), (x.harnessBusy += busy ? 1 : 0)));
      } else if (p.measurement === Measurement.hollowSim) {
        const missed = numberField(p, 'heartbeats_missed') ?? 0;
        t.add(p, (x) => (x.missed += missed));
      }
    },
    build({ windows }): MetricsSummary {
      const out: MetricsSummary = {};
      if (t.run.hostSeconds + t.run.harnessSeconds === 0) return out;
      put(out, '', t.run);
      for (const { prefix, value } of t.inWindows(windows)) put(out, prefix, value);
      return out;
    },
  };
}

export const validity: MeasurementPlugin = {
  name: 'validity',
  description: 'whether the figures measure the swarm, or the host, the harness or the simulator in its way',
  producedBy: 'folded from the host, harness and hollow_sim points',
  points: [],
  reads: [Measurement.host, Measurement.harness, Measurement.hollowSim],
  metrics: [
    {
      name: 'validity.host_busy_share',
      unit: 'ratio',
      better: 'smaller',
      perStep: true,
      description: `share of seconds the machine had ≥ ${HOST_BUSY_CPU_SHARE * 100} % of all its cores busy or < ${HOST_LOW_MEMORY_SHARE * 100} % of its memory available`,
    },
    {
      name: 'validity.harness_busy_share',
      unit: 'ratio',
      better: 'smaller',
      perStep: true,
      description: `share of seconds the harness used ≥ ${HARNESS_BUSY_CPU_PERCENT} % of a core or its event loop ran ≥ ${HARNESS_LATE_MS} ms late`,
    },
    {
      name: 'validity.simulator_missed_heartbeats',
      unit: 'count',
      better: 'smaller',
      perStep: true,
      description: 'heartbeats the hollow-worker simulator missed (its fault, not the swarm’s)',
    },
  ],
  fold,
};

export type ValidityVerdict = 'valid' | 'host-bound' | 'harness-bound' | 'simulator-bound' | 'unknown';

export interface Validity {
  verdict: ValidityVerdict;
  /** One sentence per finding, with its figures. */
  evidence: string[];
  /** What the run's (or step's) figures then measure, in words. */
  meaning: string;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The verdict from a summary's values, for the run (prefix '') or a step (`step.<name>.`).
 * The host comes first: a saturated host also slows the harness and the simulator.
 */
export function validityOf(values: Readonly<Record<string, number | undefined>>, prefix = ''): Validity {
  const v = (name: string) => values[`${prefix}${name}`];
  const host = v('validity.host_busy_share');
  const harness = v('validity.harness_busy_share');
  const missed = v('validity.simulator_missed_heartbeats') ?? 0;
  if (host === undefined && harness === undefined) {
    return { verdict: 'unknown', evidence: ['no host or harness samples were recorded'], meaning: 'validity unknown' };
  }
  const cores = values['host.cores'];
  const mean = v('host.cpu_percent.mean');
  const evidence: string[] = [];
  if (host !== undefined) {
    const load = mean !== undefined && cores ? ` (mean ${Math.round(mean)} % of ${cores * 100} % CPU)` : '';
    evidence.push(host > 0 ? `host saturated in ${pct(host)} of its seconds${load}` : `host never saturated${load}`);
  }
  if (harness !== undefined && harness > 0)
    evidence.push(`harness saturated or late in ${pct(harness)} of its seconds`);
  if (missed > 0) evidence.push(`the hollow-worker simulator missed ${missed} heartbeats`);
  if (host !== undefined && host >= BOUND_SHARE) {
    return { verdict: 'host-bound', evidence, meaning: "rates and latencies are this machine's capacity, not Swarm's" };
  }
  if (missed > 0)
    return {
      verdict: 'simulator-bound',
      evidence,
      meaning: 'node flapping may be the simulator’s fault, not the swarm’s',
    };
  if (harness !== undefined && harness >= BOUND_SHARE) {
    return { verdict: 'harness-bound', evidence, meaning: 'timings include the harness’s own delay' };
  }
  return { verdict: 'valid', evidence, meaning: 'the figures measure the swarm' };
}

/** The verdict in one phrase, as the run's last line and the report's banner say it. */
export function describeValidity(v: Validity): string {
  return `${v.verdict}: ${v.meaning} (${v.evidence.join('; ')})`;
}
