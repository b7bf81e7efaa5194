// `swarmbench up --nodes N`: create or grow a cluster until N nodes are Ready.
import type { Argv, CommandModule } from 'yargs';
import type { InfluxContainer } from '../../docker/influx-container.js';
import { ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { interruptSignal, withClusterOption, type ClusterArgs } from './cluster-args.js';

interface UpArgs extends GlobalArgs, ClusterArgs {
  nodes: number;
  managers?: number;
  hosts?: string;
  subnet?: string;
  json: boolean;
  'rm-on-fail': boolean;
  mode?: 'privileged' | 'capabilities';
  'routing-mesh': boolean;
  'with-influx': boolean;
  'influx-port': number;
  heartbeat?: number;
  'start-concurrency'?: number;
  'join-concurrency'?: number;
  'min-ready'?: string;
  'boot-attempts': number;
  'node-timeout': number;
  hollow: number;
  'hollow-processes'?: number;
}

/** One InfluxDB per port: the default one is `swarmbench-influxdb`, others are named by their port. */
function influxPlace(port: number): { port: number; name: string; volume: string } {
  const name = port === 8086 ? 'swarmbench-influxdb' : `swarmbench-influxdb-${port}`;
  return { port, name, volume: name };
}

function influxLine(cluster: string, i: InfluxContainer): string {
  return i.created
    ? `influxdb: ${i.url} (started for cluster ${cluster}: \`swarmbench run --cluster ${cluster}\` sends metrics there; \`down\` removes it, its data volume stays)`
    : `influxdb: ${i.url} (already running, not started for this cluster: pass \`swarmbench run --influx ${i.url}\`; \`down\` leaves it)`;
}

export const upCommand: CommandModule<GlobalArgs, UpArgs> = {
  command: 'up',
  describe: 'create a cluster of N dind nodes in an inner swarm (or grow it to N)',
  builder: (y: Argv<GlobalArgs>) =>
    withClusterOption(y)
      .option('nodes', { type: 'number', demandOption: true, describe: 'nodes in the inner swarm, managers included' })
      .option('managers', {
        type: 'number',
        choices: [1, 3, 5],
        describe: 'inner managers (default 1 below 10 nodes, 3 from 10)',
      })
      .option('hosts', { type: 'string', describe: 'YAML file of further outer hosts joined to the outer swarm' })
      .option('subnet', { type: 'string', describe: 'overlay subnet (default: a free /16 in 10.96.0.0/11)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the result as one JSON object' })
      .option('rm-on-fail', {
        type: 'boolean',
        default: false,
        describe: 'remove everything this up made if it fails or is interrupted',
      })
      .option('mode', {
        choices: ['privileged', 'capabilities'] as const,
        describe: 'how node containers run (default: what the probe finds)',
      })
      .option('routing-mesh', {
        type: 'boolean',
        default: false,
        describe: 'keep the inner ingress network (as a /16); off: removed, as it needs IPVS',
      })
      .option('with-influx', {
        type: 'boolean',
        default: false,
        describe: 'also start InfluxDB (catalog image) for the cluster; `run` on it sends metrics there',
      })
      .option('influx-port', {
        type: 'number',
        default: 8086,
        describe: 'loopback port of the InfluxDB --with-influx starts',
      })
      .option('heartbeat', {
        type: 'number',
        describe: 'inner dispatcher heartbeat period in seconds (Swarm default 5)',
      })
      .option('start-concurrency', {
        type: 'number',
        describe: 'nodes booting at a time per host, fixed (default: paced to the host)',
      })
      .option('join-concurrency', {
        type: 'number',
        describe: 'swarm joins at a time, fixed (default: paced to the host)',
      })
      .option('min-ready', {
        type: 'string',
        describe: 'nodes that must be Ready for up to succeed: N or P% (default: all)',
      })
      .option('boot-attempts', {
        type: 'number',
        default: 3,
        describe: 'boots of a node whose engine exits or never answers before it is given up',
      })
      .option('hollow', {
        type: 'number',
        default: 0,
        describe: 'hollow workers (simulated, no containers) joined beside the N real nodes',
      })
      .option('hollow-processes', {
        type: 'number',
        describe: 'processes the hollow workers run in (default: up to 4)',
      })
      .option('node-timeout', {
        type: 'number',
        default: 300,
        describe: 'seconds one node may take to become Ready',
      }) as Argv<UpArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { readHostsFile, up } = await import('../../cluster/index.js');
      const { startClusterInflux } = await import('../../cluster/influx.js');
      const { connect } = await import('../../docker/engine.js');
      const { realReady, upVerdict } = await import('../../cluster/up-verdict.js');
      const hostsFile = args.hosts ? readHostsFile(args.hosts) : undefined;
      const cluster = await up({
        cluster: args.cluster,
        nodes: args.nodes,
        managers: args.managers,
        hosts: hostsFile?.hosts,
        advertiseAddr: hostsFile?.advertiseAddr,
        subnet: args.subnet,
        nodeMode: args.mode,
        routingMesh: args['routing-mesh'],
        heartbeatSeconds: args.heartbeat,
        rmOnFail: args['rm-on-fail'],
        startConcurrency: args['start-concurrency'],
        joinConcurrency: args['join-concurrency'],
        nodeTimeoutMs: args['node-timeout'] * 1000,
        minReady: args['min-ready'],
        bootAttempts: args['boot-attempts'],
        hollow: args.hollow,
        hollowProcesses: args['hollow-processes'],
        log: ctx.log,
        signal: interruptSignal(ctx.log),
      });
      const r = cluster.report;
      const verdict = upVerdict(r, Math.max(args.nodes, realReady(r)));
      const influx = args['with-influx']
        ? await startClusterInflux(connect(), r.cluster, influxPlace(args['influx-port']))
        : undefined;
      if (args.json) ctx.printJson({ ...r, verdict, info: cluster.info, influx });
      else {
        if (r.note) ctx.print(r.note);
        for (const f of r.failed) ctx.print(`  node ${f.name} on ${f.host} failed: ${f.reason}`);
        ctx.print(
          `node containers: ${r.added} added in ${(r.elapsedMs / 1000).toFixed(1)} s, ${r.nodesPerSecond.toFixed(2)} nodes/s`,
        );
        if (r.hollow) {
          const h = r.hollow;
          ctx.print(
            `hollow workers: ${h.ready} Ready (${h.started} joined, ${h.reused} re-used, ${h.failed} failed) in ${(h.elapsedMs / 1000).toFixed(1)} s, ${h.joinsPerSecond.toFixed(1)} joins/s; ${r.ready} nodes Ready in all after ${(r.totalMs / 1000).toFixed(1)} s`,
          );
        }
        if (influx) ctx.print(influxLine(r.cluster, influx));
        // The last line says how it ended.
        ctx.print(verdict.fix ? `${verdict.line}\n  fix: ${verdict.fix}` : verdict.line);
      }
      await cluster.close();
      return verdict.ok ? ExitCode.ok : ExitCode.infrastructure;
    }),
};
