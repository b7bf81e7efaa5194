// Marks: named moments a scenario sets (`mark` step), drawn on the report's time charts.
import { Measurement } from '../measurements.js';
import type { MeasurementPlugin } from '../plugin.js';

export const mark: MeasurementPlugin = {
  name: 'mark',
  description: 'a named point in time',
  producedBy: 'the mark step',
  points: [{ measurement: Measurement.mark, every: 'a scenario `mark` step', tags: '`name`', fields: '`value=1i`' }],
  metrics: [],
};
