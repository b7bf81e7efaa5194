// How close the swarm came to what its nodes can do without it: a scale rate divided by the nested
// start rate taken on the run's own cluster (nested-calibration.ts). Near 1, the figure measured
// the host (its container-start capacity); well below, the swarm's own work was the limit.
import type { MeasurementPlugin, MetricsSummary } from '../plugin.js';

const RATE = 'scale.tasks_per_second';

export const efficiency: MeasurementPlugin = {
  name: 'efficiency',
  description: "the swarm's start rate against the nodes' own start rate, measured on the run's cluster",
  producedBy: 'the run, before its first step (nested-calibration.json; `run --no-calibrate` skips it)',
  points: [],
  metrics: [
    {
      name: 'scale.nested_rate',
      unit: 'per_s',
      better: 'bigger',
      description:
        "containers per second the cluster's real workers start on their own engines, all at once (no swarm), each as many as the scenario's largest step gives it (its tasks ÷ the workers, 1 to 16; 4 without a scale step)",
    },
    {
      name: 'scale.efficiency',
      unit: 'ratio',
      better: 'bigger',
      gate: true,
      perStep: true,
      description: 'scale.tasks_per_second ÷ scale.nested_rate (per step: the step’s rate ÷ the same)',
    },
  ],
  derive(values, { nested }): MetricsSummary {
    if (!nested || !(nested.containersPerSecond > 0)) return {};
    const out: MetricsSummary = { 'scale.nested_rate': nested.containersPerSecond };
    for (const [name, rate] of Object.entries(values)) {
      if (name !== RATE && !(name.startsWith('step.') && name.endsWith(`.${RATE}`))) continue;
      if (Number.isFinite(rate))
        out[`${name.slice(0, -RATE.length)}scale.efficiency`] = rate / nested.containersPerSecond;
    }
    return out;
  },
};
