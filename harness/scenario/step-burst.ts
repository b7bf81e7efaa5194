// The most tasks one step of a scenario asks the swarm to start at once: a service.create's
// replicas, or a service.scale's increase over what that service had. The nested start rate is
// measured at this burst spread over the real workers, the concurrency a scale step gives each
// node, so that a step's rate and the rate it is divided by are taken under the same load.
import type { ResolvedStep } from './types.js';

export function largestBurst(steps: readonly ResolvedStep[]): number {
  const replicas = new Map<string, number>();
  let largest = 0;
  for (const s of steps) {
    if (s.type === 'service.create') {
      // A global service starts one task per node: a burst of one on each.
      const n = s.body.mode === 'global' ? 0 : Number(s.body.replicas ?? 0);
      replicas.set(s.body.name, n);
      largest = Math.max(largest, n);
    } else if (s.type === 'service.scale') {
      const n = Number(s.body.replicas);
      largest = Math.max(largest, n - (replicas.get(s.body.service) ?? 0));
      replicas.set(s.body.service, n);
    }
  }
  return Number.isFinite(largest) ? largest : 0;
}
