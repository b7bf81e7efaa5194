// The breaking-point search as a state machine that runs nothing itself: the runner asks for the
// next size, runs the scenario at it, and hands back the outcome. Keeping Docker out of it lets the
// unit tests drive it with synthetic SLO curves, and lets the runner own timing and cleanup.
//
// Growth: from, then by step or factor, until a probe breaks an SLO (or errors, or a guard trips,
// or max held). Refine: bisection on integers between the last size that held and the first that
// broke, for `refine` rounds or until the two are adjacent. Because the growth sizes are fixed by
// the plan (not by the measurements), two searches on the same swarm probe the same sizes and
// their knees differ by at most one growth step when noise flips the verdict near the bound.
import {
  breaches,
  kneePoint,
  probeHeld,
  type Knee,
  type ProbeOutcome,
  type ProbeRecord,
  type SearchEnd,
} from './knee.js';
import { nextGrowth, type SearchSpec } from './plan.js';

export type SearchStep = { kind: 'probe'; size: number; phase: 'grow' | 'refine' } | { kind: 'done'; knee: Knee };

type Stop = Pick<Knee, 'reason' | 'refineStopped' | 'error' | 'guard'>;

export class BreakingPointSearch {
  private readonly probes: ProbeRecord[] = [];
  /** The largest size that held, and the smallest that broke, so far. */
  private good?: ProbeRecord;
  private bad?: ProbeRecord;
  private spentMs = 0;
  private rounds = 0;
  private step: SearchStep;

  constructor(readonly spec: SearchSpec) {
    this.step = { kind: 'probe', size: spec.from, phase: 'grow' };
  }

  /** What to do now: probe a size, or the search is over and here is the knee. */
  next(): SearchStep {
    return this.step;
  }

  /** Records the outcome of the probe next() asked for and returns what to do next. */
  record(outcome: ProbeOutcome): SearchStep {
    const asked = this.step;
    if (asked.kind === 'done') throw new Error('the breaking-point search has ended; no probe was asked for');
    if (outcome.size !== asked.size)
      throw new Error(`the search asked for a probe at ${asked.size}, not ${outcome.size}`);
    const held = probeHeld(outcome);
    const probe: ProbeRecord = { ...outcome, phase: asked.phase, held };
    this.probes.push(probe);
    this.spentMs += outcome.elapsedMs;

    if (outcome.error !== undefined) {
      // An error says nothing about the SLOs at that size: it is neither good nor bad. Without a
      // break found the search ends on the error; with one, the knee stands, less refined.
      return this.end(this.bad ? { reason: 'slo-broke', refineStopped: 'error' } : { reason: 'error' }, outcome.error);
    }
    if (held) this.good = !this.good || outcome.size > this.good.size ? probe : this.good;
    else this.bad = !this.bad || outcome.size < this.bad.size ? probe : this.bad;

    const nextSize = this.nextSize(asked.phase, held);
    if (nextSize === undefined) return this.end({ reason: this.bad ? 'slo-broke' : 'max-reached' });
    // Guards are checked only when there is more to probe: a search that ends anyway ends for
    // its own reason. A tripped guard keeps the knee found so far (the host's safety first).
    const guard = this.guardTripped(outcome);
    if (guard)
      return this.end(this.bad ? { reason: 'slo-broke', refineStopped: guard.reason, guard: guard.guard } : guard);
    this.step = nextSize;
    return this.step;
  }

  private nextSize(phase: 'grow' | 'refine', held: boolean): Extract<SearchStep, { kind: 'probe' }> | undefined {
    if (phase === 'grow' && held) {
      const size = this.good && nextGrowth(this.spec, this.good.size);
      return size === undefined ? undefined : { kind: 'probe', size, phase: 'grow' };
    }
    // Refining (or growth just broke): halve the bracket while rounds remain and it is not tight.
    // Without a size that held (the first probe broke) there is nothing to bisect against.
    if (!this.good || !this.bad || this.rounds >= this.spec.refine) return undefined;
    if (this.bad.size - this.good.size <= 1) return undefined;
    this.rounds += 1;
    return { kind: 'probe', size: Math.floor((this.good.size + this.bad.size) / 2), phase: 'refine' };
  }

  private guardTripped(
    o: ProbeOutcome,
  ): (Required<Pick<Knee, 'guard'>> & { reason: 'guard-memory' | 'guard-budget' }) | undefined {
    const { memFraction, budgetMs } = this.spec.guards;
    if (memFraction !== undefined && o.hostMemFraction !== undefined && o.hostMemFraction > memFraction)
      return { reason: 'guard-memory', guard: { used: o.hostMemFraction, limit: memFraction } };
    // Stop before a probe that would likely overrun: the next one is expected to take about as
    // long as this one (growth probes only get bigger, so this errs on the side of stopping).
    if (budgetMs !== undefined && this.spentMs + o.elapsedMs > budgetMs)
      return { reason: 'guard-budget', guard: { used: this.spentMs, limit: budgetMs } };
    return undefined;
  }

  private end(stop: Stop, error?: string): SearchStep {
    const { good, bad } = this;
    const knee: Knee = {
      param: this.spec.param,
      ...(good ? { lastGood: kneePoint(good) } : {}),
      ...(bad ? { firstBad: kneePoint(bad) } : {}),
      broke: bad ? breaches(bad.slos) : [],
      ...((bad ?? good) ? { verdict: (bad ?? good)!.verdict } : {}),
      reason: stop.reason,
      ...(stop.refineStopped ? { refineStopped: stop.refineStopped } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(stop.guard ? { guard: stop.guard } : {}),
      ...(good && bad ? { resolution: bad.size - good.size } : {}),
      probes: [...this.probes],
    };
    this.step = { kind: 'done', knee };
    return this.step;
  }
}

/** Runs a whole search with `probe` running the scenario at one size: the loop the runner needs. */
export async function searchBreakingPoint(
  spec: SearchSpec,
  probe: (size: number, phase: 'grow' | 'refine') => Promise<ProbeOutcome>,
): Promise<Knee> {
  const search = new BreakingPointSearch(spec);
  for (let s = search.next(); ;) {
    if (s.kind === 'done') return s.knee;
    s = search.record(await probe(s.size, s.phase));
  }
}

export type { SearchEnd };
