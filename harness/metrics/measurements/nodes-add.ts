// Adding nodes during a run: how long until the new nodes were Ready.
import type { MeasurementPlugin } from '../plugin.js';

export const nodesAdd: MeasurementPlugin = {
  name: 'nodes_add',
  description: 'time for nodes added by a step to become Ready',
  producedBy: 'the nodes.add step',
  points: [],
  metrics: [
    {
      name: 'nodes.add_time',
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'nodes.add start -> all new nodes Ready',
    },
  ],
};
