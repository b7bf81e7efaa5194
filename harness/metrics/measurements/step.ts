// Step boundaries, written by the scenario runner with the step's own results in the end point.
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const step: MeasurementPlugin = {
  name: 'step',
  description: 'when each step started and ended, with what it measured',
  producedBy: 'the scenario runner',
  points: [
    {
      measurement: Measurement.step,
      every: 'at each step start and end',
      tags: '(`step`)',
      fields: '`event` ("start"/"end"), `index` (int); an end point also carries the step\'s results (floats)',
    },
  ],
  metrics: [],
};
