// `swarmbench compare <baseline> <run> [--threshold 10%] [--json]`: did a run get slower than its
// baseline? Exit 1 when a metric moved the wrong way by more than the threshold, naming it.
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import { compareRuns, comparisonText, parseGate, parseThreshold } from '../../report/index.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface CompareArgs extends GlobalArgs {
  baseline: string;
  run: string;
  threshold: string;
  gate?: string[];
  json: boolean;
}

export const compareCommand: CommandModule<GlobalArgs, CompareArgs> = {
  command: 'compare <baseline> <run>',
  describe: 'compare a run with a baseline (run directories or summary.json files); exit 1 on a regression',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('baseline', { type: 'string', demandOption: true, describe: 'the baseline run directory or summary.json' })
      .positional('run', { type: 'string', demandOption: true, describe: 'the run to judge: directory or summary.json' })
      .option('threshold', { type: 'string', default: '10%', describe: 'how far a metric may move the wrong way before it is a regression' })
      .option('gate', { type: 'string', array: true, describe: 'metric patterns that can fail the comparison (default: latency, throughput, convergence, chaos, HTTP; SLO metrics always)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON' }) as Argv<CompareArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const threshold = parseThreshold(args.threshold);
      if (threshold === undefined) throw new BadInputError(`--threshold ${args.threshold} is not a percentage`, { fix: 'write it as 10% (or 0.1)' });
      const comparison = compareRuns(args.baseline, args.run, { threshold, gate: parseGate(args.gate) });
      if (args.json) ctx.printJson(comparison);
      else ctx.print(comparisonText(comparison));
      return comparison.regressions.length > 0 ? ExitCode.failed : ExitCode.ok;
    }),
};
