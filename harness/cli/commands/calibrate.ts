// `swarmbench calibrate`: each outer host's raw container start rate, written where reports read it.
import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { CALIBRATION_FILE } from '../../metrics/calibration-file.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface CalibrateArgs extends GlobalArgs {
  count: number;
  concurrency: number;
  image: string;
  hosts?: string;
  out: string;
  json: boolean;
  cluster?: string;
  'per-node': number;
}

export const calibrateCommand: CommandModule<GlobalArgs, CalibrateArgs> = {
  command: 'calibrate',
  describe:
    "measure each outer host's raw container start rate (containers/second straight on the engine); with --cluster also the nested rate inside its workers",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('count', { type: 'number', default: 50, describe: 'containers to start on each host' })
      .option('concurrency', { type: 'number', default: 8, describe: 'container starts in flight at once' })
      .option('image', {
        type: 'string',
        default: 'swarmbench/alpine:latest',
        describe: 'workload image (the catalog alpine, running top)',
      })
      .option('hosts', { type: 'string', describe: 'YAML file of further outer hosts (as for `up --hosts`)' })
      .option('out', {
        type: 'string',
        default: CALIBRATION_FILE,
        describe: 'where to write the result (reports read it)',
      })
      .option('cluster', {
        type: 'string',
        describe:
          "also measure the nested start rate inside this cluster's real workers (the path a task takes), as `run` does before its first step",
      })
      .option('per-node', {
        type: 'number',
        default: 4,
        describe:
          'with --cluster: containers each worker starts at once (a step of T tasks on W workers gives each T/W)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
      .check((a) => {
        if (!Number.isInteger(a.count) || a.count < 1) throw new Error('--count must be a whole number of at least 1');
        if (!Number.isInteger(a.concurrency) || a.concurrency < 1)
          throw new Error('--concurrency must be a whole number of at least 1');
        if (!Number.isInteger(a['per-node']) || a['per-node'] < 1 || a['per-node'] > 64)
          throw new Error('--per-node must be a whole number from 1 to 64');
        return true;
      }) as Argv<CalibrateArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { connect, defaultEngineSpec } = await import('../../docker/engine.js');
      const { readHostsFile } = await import('../../cluster/hosts-file.js');
      const { calibrate, writeCalibration } = await import('../../metrics/calibrate.js');
      const specs = [defaultEngineSpec(), ...(args.hosts ? readHostsFile(args.hosts).hosts : [])];
      const engines = specs.map((s) => connect(s));
      for (const e of engines) await e.version();
      const runId = `cal-${randomBytes(3).toString('hex')}`;
      const result = await calibrate(engines, {
        image: args.image,
        count: args.count,
        concurrency: args.concurrency,
        runId,
        log: ctx.log,
      });
      if (args.cluster) {
        const { open } = await import('../../cluster/index.js');
        const { measureNestedRate } = await import('../../metrics/nested-calibration.js');
        const cluster = await open(args.cluster, { log: ctx.log });
        result.nested = await measureNestedRate(cluster, { perNode: args['per-node'], log: ctx.log });
      }
      await writeCalibration(args.out, result);
      if (args.json) ctx.printJson(result);
      else {
        for (const h of Object.values(result.hosts)) {
          ctx.print(
            `${h.host.padEnd(12)} ${h.containersPerSecond.toFixed(2)} containers/s (engine clock), ${h.wallContainersPerSecond.toFixed(2)}/s wall; start p50 ${h.startLatencyMs?.p50.toFixed(0) ?? '-'} ms, p99 ${h.startLatencyMs?.p99.toFixed(0) ?? '-'} ms; ${h.started} started, ${h.failed} failed`,
          );
          for (const e of h.errors) ctx.print(`  error: ${e}`);
        }
        const n = result.nested;
        if (n)
          ctx.print(
            `nested       ${n.containersPerSecond.toFixed(2)} containers/s inside ${n.nodes} workers of ${args.cluster} (${n.perNode} each at once); ${n.started} started`,
          );
        else if (args.cluster) ctx.print(`nested       not measured (see the log: hollow workers, or no real worker)`);
        ctx.print(`written to ${args.out}`);
      }
      const nestedOk = !args.cluster || result.nested !== undefined;
      return Object.values(result.hosts).every((h) => h.started > 0) && nestedOk
        ? ExitCode.ok
        : ExitCode.infrastructure;
    }),
};
