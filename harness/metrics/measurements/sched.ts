// Scheduling rate over time: the second-by-second increase of each service's running count.
import { swarmCollector } from '../collectors/index.js';
import { stepAt } from '../analysis.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const sched: MeasurementPlugin = {
  name: 'sched',
  description: 'how fast running counts grow, second by second (the chart; summary figures come from task_status)',
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  points: [
    {
      measurement: Measurement.rate,
      every: 'with `swarm_service`',
      tags: '`service`',
      fields:
        '`running_per_s` (float: increase of `running` per second since the previous count, 0 when it fell), `running` (int)',
    },
  ],
  metrics: [],
  charts: [
    {
      id: 'sched-rate',
      order: 20,
      title: 'Scheduling rate',
      caption: 'Tasks that reached running in each second, over all services.',
      missing: 'no swarm_sched or swarm_task_status points were recorded',
      build: async (a) => (await import('../charts/sched-rate.js')).schedRateChart(a),
    },
  ],
  distributions: (a) => [
    {
      name: 'sched.running_per_s',
      unit: 'per_s',
      rows: a.rate.map((r) => ({ step: stepAt(a, r.timeMs), value: r.perSecond })),
    },
  ],
};
