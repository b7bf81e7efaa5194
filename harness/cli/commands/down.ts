// `swarmbench down`: remove everything labelled for a cluster (or for every cluster).
import type { Argv, CommandModule } from 'yargs';
import type { DownReport } from '../../cluster/index.js';
import { BadInputError } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { withClusterOption, type ClusterArgs } from './cluster-args.js';

interface DownArgs extends GlobalArgs, ClusterArgs {
  all: boolean;
  json: boolean;
  'keep-outer-swarm': boolean;
}

export const downCommand: CommandModule<GlobalArgs, DownArgs> = {
  command: 'down',
  describe: 'remove every container, volume and network swarmbench made for a cluster',
  builder: (y: Argv<GlobalArgs>) =>
    withClusterOption(y)
      .option('all', { type: 'boolean', default: false, describe: 'every swarmbench cluster on the known engines' })
      .option('json', { type: 'boolean', default: false, describe: 'print what was removed as JSON' })
      .option('keep-outer-swarm', {
        type: 'boolean',
        default: false,
        describe: 'never leave the outer swarm, even when swarmbench made it',
      }) as Argv<DownArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { down, list } = await import('../../cluster/index.js');
      const names = args.all ? await list() : [args.cluster];
      if (args.all && names.length === 0) ctx.log.info('no swarmbench clusters found');
      const reports: DownReport[] = [];
      for (const name of names) {
        if (!args.all && !/^[a-z]/.test(name)) throw new BadInputError(`cluster name "${name}" is not usable`);
        const started = Date.now();
        const r = await down(name, { log: ctx.log, keepOuterSwarm: args['keep-outer-swarm'] });
        reports.push(r);
        if (!args.json) {
          ctx.print(
            `cluster ${r.cluster}: removed ${r.containers} containers, ${r.volumes} volumes, ${r.networks} networks in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
          if (r.leftOuterSwarm.length > 0) ctx.print(`  left the outer swarm: ${r.leftOuterSwarm.join(', ')}`);
        }
      }
      if (args.json) ctx.printJson(args.all ? reports : reports[0]);
    }),
};
