// Rolling updates: how long an update took until the service converged again.
import type { MeasurementPlugin } from '../plugin.js';

export const update: MeasurementPlugin = {
  name: 'update',
  description: 'rolling update duration',
  producedBy: 'the service.update step',
  points: [],
  metrics: [
    {
      name: 'update.duration',
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'rolling update start -> converged',
    },
  ],
};
