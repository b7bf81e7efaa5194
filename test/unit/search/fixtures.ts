// Synthetic swarms for the breaking-point search: SLO figures as functions of size, optionally with
// seeded noise, so a search can be run end to end without Docker.
import type { SloResult } from '../../../harness/run-record.js';
import { evaluateSlos, type Slo } from '../../../harness/scenario/slo.js';
import type { ProbeOutcome } from '../../../harness/search/knee.js';
import { mulberry32 } from '../../../harness/util/random.js';

/** Built by hand (not parseSlo) so the tests do not depend on the metric registry. */
export const RATE_SLO: Slo = {
  expr: 'scale.tasks_per_second > 1',
  metric: 'scale.tasks_per_second',
  op: '>',
  bound: 1,
  unit: 'per_s',
};
export const LATENCY_SLO: Slo = {
  expr: 'tasks.startup_latency.p99 < 30s',
  metric: 'tasks.startup_latency.p99',
  op: '<',
  bound: 30_000,
  unit: 'ms',
};

/** Rate 1/s at 9,000 tasks (the knee), falling as size grows; latency well inside its SLO. */
export const rateAt = (size: number) => 10_000 / (size + 1000);
export const latencyAt = (size: number) => 2000 + size;

export function slosAt(size: number, noise: () => number = () => 0): SloResult[] {
  return evaluateSlos([RATE_SLO, LATENCY_SLO], {
    'scale.tasks_per_second': rateAt(size) * (1 + noise()),
    'tasks.startup_latency.p99': latencyAt(size) * (1 + noise()),
  });
}

/** A probe function over the synthetic curves with ±`rel` uniform noise from `seed`. */
export function syntheticSwarm(
  opts: { seed?: number; rel?: number; verdict?: (size: number) => string; mem?: (size: number) => number } = {},
) {
  const random = mulberry32(opts.seed ?? 1);
  const rel = opts.rel ?? 0;
  const noise = () => (random() * 2 - 1) * rel;
  const sizes: number[] = [];
  const probe = async (size: number): Promise<ProbeOutcome> => {
    sizes.push(size);
    return {
      size,
      slos: slosAt(size, noise),
      verdict: opts.verdict?.(size) ?? 'valid',
      elapsedMs: 60_000,
      ...(opts.mem ? { hostMemFraction: opts.mem(size) } : {}),
    };
  };
  return { probe, sizes };
}
