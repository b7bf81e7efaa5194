// Scale steps: how long a service took to converge after its replicas changed. (The rate and the
// start-up latency they measure are task_status figures: one name, one meaning.)
import type { MeasurementPlugin } from '../plugin.js';

export const scale: MeasurementPlugin = {
  name: 'scale',
  description: 'scale steps: time until the service converged',
  producedBy: 'the service.create and service.scale steps',
  points: [],
  metrics: [
    {
      name: 'scale.converge_time',
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description:
        'scale request -> the last new task running (its Status.Timestamp; a scale down: until the harness saw it converge)',
    },
  ],
};
