// Services: desired and running tasks per service, every second, from the manager's own counts.
import { swarmCollector } from '../collectors/index.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin, MetricsSummary } from '../plugin.js';

export const service: MeasurementPlugin = {
  name: 'service',
  description: "each service's desired and running tasks and its tasks by state, as the manager counts them",
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  points: [
    {
      measurement: Measurement.service,
      every: '1 s (see *Cost*)',
      tags: '`service`, `mode`',
      fields: '`desired`, `running`, `pending`, `assigned`, `preparing`, `starting`, `failed`, `shutdown` (int)',
    },
  ],
  metrics: [
    {
      name: 'tasks.running',
      unit: 'count',
      better: 'bigger',
      description: 'tasks running at the end of the run (last counts, summed over services)',
    },
    {
      name: 'tasks.desired',
      unit: 'count',
      better: 'bigger',
      description: 'tasks desired at the end of the run (last counts, summed over services)',
    },
  ],
  fold() {
    const last = new Map<string, { running: number; desired: number }>();
    return {
      observe: (p) =>
        void last.set(p.tags.service ?? '', { running: Number(p.fields.running), desired: Number(p.fields.desired) }),
      build() {
        const out: MetricsSummary = {};
        if (last.size === 0) return out;
        out['tasks.running'] = [...last.values()].reduce((s, v) => s + v.running, 0);
        out['tasks.desired'] = [...last.values()].reduce((s, v) => s + v.desired, 0);
        return out;
      },
    };
  },
  charts: [
    {
      id: 'convergence',
      order: 10,
      title: 'Service convergence',
      caption:
        'Running tasks (solid) against desired tasks (dashed) per service; vertical lines are the scenario’s marks.',
      missing: 'no swarm_service points were recorded',
      build: async (a) => (await import('../charts/convergence.js')).convergenceChart(a),
    },
  ],
};
