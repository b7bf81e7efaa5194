// `swarmbench compare <baseline> <run> [--threshold 10%] [--gate PATTERN] [--json]`: did a run get slower than its
// baseline? Exit 1 when a metric moved the wrong way by more than the threshold, naming it.
import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { comparisonOptions, withComparisonOptions, type ComparisonArgs } from './comparison-args.js';

interface CompareArgs extends GlobalArgs, ComparisonArgs {
  baseline: string;
  run: string;
  json: boolean;
}

export const compareCommand: CommandModule<GlobalArgs, CompareArgs> = {
  command: 'compare <baseline> <run>',
  describe: 'compare a run with a baseline (run directories or summary.json files); exit 1 on a regression',
  builder: (y: Argv<GlobalArgs>) =>
    withComparisonOptions(y)
      .positional('baseline', {
        type: 'string',
        demandOption: true,
        describe: 'the baseline run directory or summary.json',
      })
      .positional('run', {
        type: 'string',
        demandOption: true,
        describe: 'the run to judge: directory or summary.json',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the comparison as JSON',
      }) as unknown as Argv<CompareArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { compareRuns, comparisonText } = await import('../../report/index.js');
      const comparison = compareRuns(args.baseline, args.run, comparisonOptions(args));
      if (args.json) ctx.printJson(comparison);
      else ctx.print(comparisonText(comparison));
      return comparison.regressions.length > 0 ? ExitCode.failed : ExitCode.ok;
    }),
};
