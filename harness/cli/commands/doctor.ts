// `swarmbench doctor [--json]`: can this host run a cluster, and how big?
import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface DoctorArgs extends GlobalArgs {
  json: boolean;
  remeasure: boolean;
}

export const doctorCommand: CommandModule<GlobalArgs, DoctorArgs> = {
  command: 'doctor',
  describe: 'check the engine, how nodes can start (privileged or capabilities), overlay, IPVS, capacity, images',
  builder: (y: Argv<GlobalArgs>) =>
    y.option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }).option('remeasure', {
      type: 'boolean',
      default: false,
      describe:
        'measure what one node costs this host again (boot, CPU at rest, memory) instead of using the cached figure',
    }) as Argv<DoctorArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { connect } = await import('../../docker/engine.js');
      const { runDoctor } = await import('../doctor-checks.js');
      const report = await runDoctor(connect(), { remeasure: args.remeasure });
      if (args.json) ctx.printJson(report);
      else {
        for (const c of report.checks) {
          ctx.print(`${c.ok ? 'ok  ' : c.required ? 'FAIL' : 'warn'} ${c.name.padEnd(10)} ${c.detail}`);
          if (!c.ok && c.fix) ctx.print(`     ${''.padEnd(10)} fix: ${c.fix}`);
        }
        ctx.print(
          report.ok
            ? 'this host can run a swarmbench cluster'
            : 'this host cannot run a cluster yet: see the fixes above',
        );
      }
      return report.ok ? ExitCode.ok : ExitCode.failed;
    }),
};
