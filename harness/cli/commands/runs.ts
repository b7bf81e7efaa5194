// `swarmbench runs ls [--dir reports] [--json]`: the runs under reports/ with date, scenario and verdict.
import type { Argv, CommandModule } from 'yargs';
import { runCommand, type GlobalArgs } from '../context.js';

interface RunsLsArgs extends GlobalArgs {
  dir: string;
  json: boolean;
}

const lsCommand: CommandModule<GlobalArgs, RunsLsArgs> = {
  command: 'ls',
  describe: 'list runs (newest first) with date, scenario, nodes, duration and verdict',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('dir', { type: 'string', default: 'reports', describe: 'the directory that holds the run directories' })
      .option('json', { type: 'boolean', default: false, describe: 'print the list as JSON' }) as Argv<RunsLsArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { formatValue } = await import('../../report/format.js');
      const { listRuns } = await import('../../report/index.js');
      const runs = listRuns(args.dir);
      if (args.json) {
        ctx.printJson(runs);
        return;
      }
      if (runs.length === 0) {
        ctx.print(`no runs under ${args.dir}`);
        return;
      }
      const rows = [
        ['DATE', 'SCENARIO', 'NODES', 'DURATION', 'VERDICT', 'RUN'],
        ...runs.map((r) => [
          r.start ? r.start.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '?',
          r.scenario,
          String(r.nodes),
          r.durationMs === undefined ? '-' : formatValue(r.durationMs, 'ms'),
          `${r.verdict}${r.regressions?.length ? ', REGRESSED' : ''}${r.reported ? '' : ' (no report)'}`,
          r.dir,
        ]),
      ];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
      for (const row of rows)
        ctx.print(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
    }),
};

export const runsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'runs <command>',
  describe: 'the runs recorded under reports/',
  builder: (y: Argv<GlobalArgs>) => y.command(lsCommand).demandCommand(1, 'name a subcommand: ls'),
  handler: () => undefined,
};
