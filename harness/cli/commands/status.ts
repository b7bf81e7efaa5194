// `swarmbench status`: per cluster, hosts, node states, managers, services, memory.
import type { Argv, CommandModule } from 'yargs';
import type { ClusterStatus } from '../../cluster/index.js';
import { describeError } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface StatusArgs extends GlobalArgs {
  cluster?: string;
  json: boolean;
}

const mb = (b?: number) => (b === undefined ? '?' : `${(b / 1024 / 1024).toFixed(0)} MB`);

export function formatStatus(s: ClusterStatus): string {
  const lines = [
    `cluster ${s.name}  subnet ${s.subnet}  nodes run in ${s.nodeMode} mode  routing mesh ${s.ipvs ? 'possible' : 'unavailable (no IPVS)'}`,
    `  outer hosts: ${s.hosts.map((h) => `${h.name} (${h.nodes} nodes)`).join(', ')}`,
    `  nodes: ${s.nodes.ready} Ready, ${s.nodes.down} Down, ${s.nodes.unknown} Unknown; ${s.nodes.running}/${s.nodes.containers} containers running`,
    ...(s.hollow.ready + s.hollow.down + s.hollow.unknown + s.hollow.processes > 0
      ? [
          `  hollow workers: ${s.hollow.ready} Ready, ${s.hollow.down} Down, ${s.hollow.unknown} Unknown; ${s.hollow.processes} simulator processes`,
        ]
      : []),
    `  managers: ${s.managers.map((m) => `${m.name}${m.leader ? ' (leader)' : ''} ${m.reachability ?? ''}`.trim()).join(', ') || 'none answering'}`,
    `  registry: ${s.registry} ${s.registryRunning ? 'running' : 'NOT running'}`,
    `  neighbour table: ${s.neighbourTable ?? 'unknown'}`,
  ];
  if (s.managerError) lines.push(`  inner swarm unreadable: ${s.managerError}`);
  if (s.services.length > 0) {
    lines.push('  services:');
    for (const svc of s.services) lines.push(`    ${svc.name}: ${svc.running}/${svc.desired} running`);
  }
  const known = s.memory.filter((m) => m.bytes !== undefined);
  if (known.length > 0) {
    const total = known.reduce((a, m) => a + (m.bytes ?? 0), 0);
    lines.push(`  memory: ${mb(total)} in ${known.length} nodes, ${mb(total / known.length)} per node`);
    for (const m of s.memory) lines.push(`    ${m.name.padEnd(24)} ${m.host.padEnd(10)} ${mb(m.bytes)}`);
  }
  return lines.join('\n');
}

export const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: 'status',
  describe: 'show clusters: outer hosts, nodes Ready/Down, managers and leader, services, memory per node',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('cluster', { type: 'string', describe: 'one cluster (default: all)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document' }) as Argv<StatusArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { list, status } = await import('../../cluster/index.js');
      if (args.cluster) {
        const one = await status(args.cluster);
        if (args.json) ctx.printJson(one);
        else ctx.print(formatStatus(one));
        return;
      }
      // Every cluster with labelled objects; one whose overlay is gone (a crashed up, a foreign
      // tool's labels) is listed as incomplete rather than failing the whole command.
      const all: (ClusterStatus | { name: string; incomplete: string })[] = [];
      for (const name of await list()) {
        try {
          all.push(await status(name));
        } catch (err) {
          all.push({ name, incomplete: describeError(err).split('\n')[0]! });
        }
      }
      if (args.json) ctx.printJson(all);
      else if (all.length === 0) ctx.print('no swarmbench clusters');
      else {
        ctx.print(
          all
            .map((s) =>
              'incomplete' in s
                ? `cluster ${s.name}: incomplete (${s.incomplete}); \`swarmbench down --cluster ${s.name}\` removes its objects`
                : formatStatus(s),
            )
            .join('\n\n'),
        );
      }
    }),
};
