// What a breaking-point search found, as JSON for summary.json and the report: the last size that
// held, the first that broke, which SLOs broke there and by how much, the validity verdict there,
// why the search ended, and every probe in the order it ran.
import type { SloResult } from '../run-record.js';

/** Why a search ended. 'slo-broke' means a knee was found (refinement may still have been cut
 *  short: see Knee.refineStopped). */
export type SearchEnd = 'slo-broke' | 'guard-memory' | 'guard-budget' | 'max-reached' | 'error';

/** What the runner reports after running the scenario at one size. */
export interface ProbeOutcome {
  size: number;
  slos: SloResult[];
  /** The run's validity verdict at this size (valid, host-bound, harness-bound, simulator-bound, unknown). */
  verdict: string;
  /** Set when the probe could not finish (infrastructure, bad input, an interruption). */
  error?: string;
  /** Set when a step failed because the swarm did not hold up in it (a service that did not
   *  converge within its timeout: exit 1, not an error): a break like a failed SLO. */
  failed?: string;
  /** Share of the host's memory in use at the probe's peak (0..1), for the memory guard. */
  hostMemFraction?: number;
  /** How long the probe took, deploy to teardown. */
  elapsedMs: number;
  /** The probe's manager profile index (profiles/profiles.json of its run directory), relative to
   *  the search's directory; absent when the probe left none. */
  profiles?: string;
}

export interface ProbeRecord extends ProbeOutcome {
  phase: 'grow' | 'refine';
  /** Every SLO passed and nothing errored. A probe that is not valid still holds or breaks by its
   *  SLOs; the verdict is kept beside it. */
  held: boolean;
}

/** One size with the SLO figures measured there (metric → value, null when it had no data). */
export interface KneePoint {
  size: number;
  figures: Record<string, number | null>;
  verdict: string;
  /** The step that failed there, when one did (ProbeOutcome.failed). */
  failed?: string;
}

/** An SLO that broke at the first bad size. */
export interface Breach {
  expr: string;
  metric: string;
  op: SloResult['op'];
  bound: number;
  unit: string;
  value: number | null;
  /** (value − bound) ÷ |bound|: −0.2 is 20 % under the bound. Null without a value or with a
   *  bound of 0 (then only the value says how far). */
  by: number | null;
}

export interface Knee {
  param: string;
  lastGood?: KneePoint;
  firstBad?: KneePoint;
  broke: Breach[];
  /** The validity verdict at firstBad (else at lastGood): whether the swarm or the host broke. */
  verdict?: string;
  reason: SearchEnd;
  /** When bisection was planned but a guard or an error ended it before the sizes were adjacent. */
  refineStopped?: Exclude<SearchEnd, 'slo-broke' | 'max-reached'>;
  /** The probe's error when reason (or refineStopped) is 'error'. */
  error?: string;
  /** The guard's figures when one tripped: memory share used and its limit, or time spent and the budget. */
  guard?: { used: number; limit: number };
  /** firstBad − lastGood: how precisely the knee is known. */
  resolution?: number;
  probes: ProbeRecord[];
}

/** A probe that errored is not a break by an SLO; one whose SLO lacked data is (as in a run), and
 *  so is one where a step failed (the swarm did not converge in time), whatever its SLOs say. */
export function probeHeld(o: ProbeOutcome): boolean {
  return o.error === undefined && o.failed === undefined && o.slos.every((s) => s.verdict === 'pass');
}

export function kneePoint(p: ProbeOutcome): KneePoint {
  return {
    size: p.size,
    figures: Object.fromEntries(p.slos.map((s) => [s.metric, s.value])),
    verdict: p.verdict,
    ...(p.failed !== undefined ? { failed: p.failed } : {}),
  };
}

export function breaches(slos: readonly SloResult[]): Breach[] {
  return slos
    .filter((s) => s.verdict !== 'pass')
    .map((s) => ({
      expr: s.expr,
      metric: s.metric,
      op: s.op,
      bound: s.bound,
      unit: s.unit,
      value: s.value,
      by: s.value === null || s.bound === 0 ? null : (s.value - s.bound) / Math.abs(s.bound),
    }));
}
