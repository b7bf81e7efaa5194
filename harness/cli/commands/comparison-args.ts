// The options every command that judges a run against a baseline shares (`compare`, `report`,
// `run`): --threshold and --gate, checked the same way before anything else happens.
import type { Argv } from 'yargs';
import { BadInputError } from '../../errors.js';
import { DEFAULT_THRESHOLD, parseGate, parseThreshold } from '../../report/compare-options.js';

export interface ComparisonArgs {
  threshold: string;
  gate?: string[];
}

export function withComparisonOptions<T>(y: Argv<T>): Argv<T & ComparisonArgs> {
  return y
    .option('threshold', {
      type: 'string',
      default: `${DEFAULT_THRESHOLD * 100}%`,
      describe: 'how far a metric may move the wrong way against the baseline before it is a regression',
    })
    .option('gate', {
      type: 'string',
      array: true,
      describe:
        'metric patterns that can fail the comparison (default: latency, throughput, convergence, chaos, HTTP; SLO metrics always)',
    }) as unknown as Argv<T & ComparisonArgs>;
}

/** --threshold as a fraction and --gate as a list; a threshold that is not a percentage is bad input. */
export function comparisonOptions(args: ComparisonArgs): { threshold: number; gate?: string[] } {
  const threshold = parseThreshold(args.threshold);
  if (threshold === undefined)
    throw new BadInputError(`--threshold ${args.threshold} is not a percentage`, { fix: 'write it as 10% (or 0.1)' });
  return { threshold, gate: parseGate(args.gate) };
}
