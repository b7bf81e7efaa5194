// The hosts' raw container start rate (swarmbench calibrate), kept with the run so the swarm's
// scheduling rate can be read against what the hardware does on its own.
import type { MeasurementPlugin, MetricsSummary } from '../plugin.js';

export const calibration: MeasurementPlugin = {
  name: 'calibration',
  description: "the swarm's scheduling rate beside the hosts' raw container start rate (calibration.json)",
  producedBy: 'swarmbench calibrate (copied into the run directory)',
  points: [],
  metrics: [
    {
      name: 'scale.calibrated_rate',
      unit: 'per_s',
      better: 'bigger',
      gate: true,
      description: "the hosts' raw container start rate (swarmbench calibrate), added up over the outer hosts",
    },
    {
      name: 'scale.fraction_of_hardware',
      unit: 'ratio',
      better: 'bigger',
      gate: true,
      description: 'scale.tasks_per_second / scale.calibrated_rate',
    },
  ],
  derive(values, { calibration: c }): MetricsSummary {
    if (!c) return {};
    const hardware = Object.values(c.hosts).reduce((sum, h) => sum + (h.containersPerSecond || 0), 0);
    if (!(hardware > 0)) return {};
    const out: MetricsSummary = { 'scale.calibrated_rate': hardware };
    const rate = values['scale.tasks_per_second'];
    if (rate !== undefined && Number.isFinite(rate)) out['scale.fraction_of_hardware'] = rate / hardware;
    return out;
  },
};
