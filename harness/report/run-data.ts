// The inputs of every report, read once: the run record and the recorded points, plus what was
// wrong with them (a run killed half-way leaves a partial record and a truncated metrics.lp).
import type { RunRecord } from '../run-record.js';
import type { Point } from '../metrics/measurements.js';

export interface RunData {
  /** The run directory the files were read from (and reports are written to). */
  dir: string;
  record: RunRecord;
  points: Point[];
  /** Where the points came from: 'metrics.lp', 'influxdb', or 'none' when nothing was recorded. */
  source: 'metrics.lp' | 'influxdb' | 'none';
  /** Sentences a reader must see: incomplete run, truncated file, lines that did not parse. */
  problems: string[];
  /** True when the run did not finish (still 'running', interrupted, no end time, or data cut off). */
  incomplete: boolean;
}
