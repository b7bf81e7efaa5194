// `swarmbench metrics push <run-dir> [--influx URL]`: a run's metrics.lp into InfluxDB afterwards.
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface PushArgs extends GlobalArgs {
  runDir: string;
  influx?: string;
  json: boolean;
}

const pushCommand: CommandModule<GlobalArgs, PushArgs> = {
  command: 'push <run-dir>',
  describe:
    "send a run's metrics.lp to InfluxDB (credentials from SWARMBENCH_INFLUX_USER/PASSWORD or _CREDENTIALS_FILE)",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'the run directory (reports/<run-id>)' })
      .option('influx', {
        type: 'string',
        describe: 'InfluxDB 1.x URL, optionally with /database (or SWARMBENCH_INFLUX_URL)',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print one JSON object',
      }) as unknown as Argv<PushArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { describeTarget, resolveInfluxTarget } = await import('../../metrics/influx-config.js');
      const { pushRun } = await import('../../metrics/push.js');
      const target = resolveInfluxTarget({ url: args.influx });
      if (!target)
        throw new BadInputError('no InfluxDB named', {
          fix: 'pass --influx http://host:8086 or set SWARMBENCH_INFLUX_URL',
        });
      const r = await pushRun(args.runDir, target, { log: ctx.log });
      if (args.json) ctx.printJson({ target: describeTarget(target), ...r });
      else
        ctx.print(
          `${r.sent} of ${r.lines} points sent to ${describeTarget(target)}${r.rejected ? `, ${r.rejected} refused` : ''}${r.unsent ? `, ${r.unsent} not sent (InfluxDB did not answer)` : ''}`,
        );
      return r.unsent > 0 ? ExitCode.infrastructure : ExitCode.ok;
    }),
};

export const metricsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'metrics <command>',
  describe: 'work with recorded metrics (push a run to InfluxDB)',
  builder: (y: Argv<GlobalArgs>) =>
    y.command(pushCommand).demandCommand(1, 'name a subcommand: push') as Argv<GlobalArgs>,
  handler: () => undefined,
};
