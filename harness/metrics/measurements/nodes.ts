// Nodes: how many the managers see Ready, Down and Unknown, and the leader.
import { swarmCollector } from '../collectors/index.js';
import { fieldDistributions, numberField } from '../fold-kit.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const nodes: MeasurementPlugin = {
  name: 'nodes',
  description: 'node counts by state as the managers report them',
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  points: [
    {
      measurement: Measurement.nodes,
      every: '5 s',
      tags: '',
      fields:
        '`ready`, `down`, `unknown` (incl. disconnected), `managers`, `workers`, `hollow`, `drained` (int), `leader` (string node id)',
    },
  ],
  metrics: [
    {
      name: 'nodes.ready',
      shape: 'distribution',
      unit: 'count',
      better: 'bigger',
      description: 'nodes Ready, over the node samples',
    },
    {
      name: 'nodes.down',
      shape: 'distribution',
      unit: 'count',
      better: 'smaller',
      description: 'nodes Down, over the node samples',
    },
  ],
  fold: () =>
    fieldDistributions((p) => [
      { name: 'nodes.ready', value: numberField(p, 'ready') },
      { name: 'nodes.down', value: numberField(p, 'down') },
    ]),
  charts: [
    {
      id: 'node-states',
      order: 50,
      title: 'Node states',
      caption: 'Nodes the managers report Ready, Down and Unknown, stacked; dotted gold lines are leader changes.',
      missing: 'no swarm_node points were recorded',
      build: async (a) => (await import('../charts/node-states.js')).nodeStatesChart(a),
    },
  ],
};
