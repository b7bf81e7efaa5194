// `swarmbench nodes add N` / `nodes remove N [--drain]`: grow or shrink a running cluster.
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { interruptSignal, withClusterOption, type ClusterArgs } from './cluster-args.js';

interface NodesArgs extends GlobalArgs, ClusterArgs {
  action: 'add' | 'remove';
  count: number;
  drain: boolean;
  json: boolean;
}

export const nodesCommand: CommandModule<GlobalArgs, NodesArgs> = {
  command: 'nodes <action> <count>',
  describe: 'add or remove worker nodes while the cluster runs (removal drains first with --drain)',
  builder: (y: Argv<GlobalArgs>) =>
    withClusterOption(y)
      .positional('action', { choices: ['add', 'remove'] as const, demandOption: true })
      .positional('count', { type: 'number', demandOption: true })
      .option('drain', {
        type: 'boolean',
        default: false,
        describe: 'remove: drain the nodes and wait for their tasks to move first',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the nodes added or removed as JSON',
      }) as Argv<NodesArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      if (!Number.isInteger(args.count) || args.count < 1)
        throw new BadInputError(`count must be a whole number of at least 1 (got ${args.count})`);
      const { open } = await import('../../cluster/index.js');
      const cluster = await open(args.cluster, { log: ctx.log, settings: { signal: interruptSignal(ctx.log) } });
      const t0 = Date.now();
      if (args.action === 'add') {
        const r = await cluster.grow(args.count);
        if (args.json) ctx.printJson({ added: r.ready.map((n) => n.name), failed: r.failed });
        else {
          ctx.print(
            `cluster ${args.cluster}: ${r.ready.length} node${r.ready.length === 1 ? '' : 's'} added and Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
          );
          for (const f of r.failed) ctx.print(`  node ${f.name} on ${f.host} failed: ${f.reason}`);
        }
        return r.failed.length > 0 ? ExitCode.infrastructure : ExitCode.ok;
      }
      const removed = await cluster.removeNodes(args.count, { drain: args.drain });
      if (args.json) ctx.printJson({ removed: removed.map((n) => n.name) });
      else ctx.print(`cluster ${args.cluster}: removed ${removed.map((n) => n.name).join(', ')}`);
      return ExitCode.ok;
    }),
};
