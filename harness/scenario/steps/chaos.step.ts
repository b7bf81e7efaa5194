// chaos: worker (or leader) failures and the swarm's recovery from them (chaos.ts runs it).
import { choice, duration, fraction, int, name } from '../schema-kit.js';
import type { ChaosStep } from './chaos.js';
import type { StepPlugin } from './plugin.js';

export const chaosStep: StepPlugin<'chaos', ChaosStep> = {
  type: 'chaos',
  description:
    'Restarts, kills, pauses or disconnects seeded-random workers (or kills the leader) and measures recovery.',
  schema: (f) => ({
    properties: {
      action: choice(f, ['restart', 'kill', 'pause', 'disconnect']),
      target: choice(f, ['workers', 'hollow', 'leader']),
      fraction: fraction(f),
      count: int(f, 1),
      duration: duration(f),
      service: name(),
      timeout: duration(f),
    },
    required: ['action'],
  }),
  doc: {
    keys: '`action` (`restart`, `kill`, `pause`, `disconnect`), `fraction` or `count` of Ready dind workers (seeded pick), `duration` (pause/disconnect), `service`, `target: leader` (kill the leading manager; needs 3+ managers), `timeout`',
    measures: 'time until Down, until tasks rescheduled, until converged; tasks lost; leader election time',
  },
  check: (c, b) => {
    if (b.service !== undefined) c.needService(b.service);
    if (b.fraction !== undefined && b.count !== undefined)
      c.once('count', ['count'], "give 'fraction' or 'count', not both");
    const { managers, workers } = c.cluster;
    if ((b.target ?? 'workers') === 'leader') {
      if (managers < 3) {
        c.once(
          'target',
          ['target'],
          `killing the leader needs 3 or more managers (the cluster has ${managers}); without a quorum the swarm cannot elect a new one; set cluster.managers to 3 (or the parameter that feeds it)`,
        );
      }
    } else if (workers < 1) {
      c.once('target', ['action'], 'chaos hits dind workers, and this cluster has none');
    }
  },
  run: async (ctx, step) => (await import('./chaos.js')).chaos(ctx, step.body),
};
