// Leader changes: one point each time the swarm's leader is another manager.
import { swarmCollector } from '../collectors/index.js';
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const leader: MeasurementPlugin = {
  name: 'leader',
  description: 'which manager leads, and when that changes',
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  points: [
    {
      measurement: Measurement.leader,
      every: 'one per leader change (the first leader seen too, with `previous=""`)',
      tags: '',
      fields: '`leader`, `previous`, `hostname` (string)',
    },
  ],
  metrics: [
    {
      name: 'leader.changes',
      unit: 'count',
      better: 'smaller',
      gate: true,
      description: 'leader changes during the run (after the first leader seen)',
    },
  ],
  fold() {
    let changes = 0;
    return {
      observe: (p) => void (p.fields.previous ? changes++ : undefined),
      build: () => ({ 'leader.changes': changes }),
    };
  },
};
