// The collector's cost: runs the metrics collectors alone in this process for a while and prints
// their CPU share (% of one core, from process.cpuUsage) and the calls they made to the inner
// manager, per second and per service. By default it builds what it measures: a one-node swarm
// with a service scaled up and down, plus N idle containers standing in for N node containers
// (the resource collector reads their cgroup files exactly as it would read real nodes'). With
// --cluster NAME it measures against an existing cluster instead.
// --out FILE also writes the figures as a results JSON (with the command and the cluster's size).
//   node dist/bench/collector/run.js [--nodes 200] [--services 1] [--replicas 20] [--duration 60] [--cluster NAME] [--json] [--out FILE]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { open } from '../../harness/cluster/index.js';
import type { ClusterHandle, NodeInfo } from '../../harness/cluster/types.js';
import { connect } from '../../harness/docker/engine.js';
import { createService, scaleService } from '../../harness/docker/services.js';
import { listServicesWithStatus } from '../../harness/docker/swarm-read.js';
import { removeLabelled, startBatch } from '../../harness/docker/start-rate.js';
import { Measurement } from '../../harness/metrics/measurements.js';
import { summarize } from '../../harness/metrics/percentiles.js';
import { MetricsSession, type MetricsResult } from '../../harness/metrics/session.js';
import { decodeLines } from '../../harness/metrics/line-protocol.js';
import { readFile } from 'node:fs/promises';
import { oneNodeSwarm, type OneNodeSwarm } from './one-node-swarm.js';

const { values: a } = parseArgs({
  options: {
    nodes: { type: 'string', default: '200' },
    services: { type: 'string', default: '1' },
    replicas: { type: 'string', default: '20' },
    duration: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '15' },
    cluster: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const nodes = Number(a.nodes);
const services = Number(a.services);
const replicas = Number(a.replicas);
const durationS = Number(a.duration);
const baselineS = Number(a.baseline);
const say = (s: string) => process.stderr.write(`${new Date().toISOString()} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Figures {
  seconds: number;
  cpuPercentMean: number;
  cpuPercentP90: number;
  cpuPercentMax: number;
  rssMiB: number;
  eventLoopLagMaxMs: number;
  callsPerSecond: Record<string, number>;
  managerCallsPerSecond: number;
  managerCallsPerSecondPerService: number;
  points: number;
}

async function measure(
  label: string,
  runDir: string,
  cluster: ClusterHandle | undefined,
  seconds: number,
  serviceCount: number,
  during?: () => Promise<void>,
): Promise<Figures> {
  say(`${label}: measuring for ${seconds} s`);
  const session = await MetricsSession.start({
    runDir,
    runId: `bench-${label}`,
    scenario: 'bench-collector',
    cluster,
    collect: cluster ? {} : { swarm: false, resources: false },
  });
  const t0 = Date.now();
  const work = during?.();
  await sleep(seconds * 1000);
  await work;
  const r: MetricsResult = await session.stop();
  const elapsed = (Date.now() - t0) / 1000;
  const harness = decodeLines(await readFile(r.files.lineProtocol, 'utf8')).filter(
    (p) => p.measurement === Measurement.harness,
  );
  const cpu = summarize(harness.slice(1).map((p) => Number(p.fields.cpu_percent)));
  const lag = summarize(harness.map((p) => Number(p.fields.event_loop_lag_ms)));
  const calls = Object.fromEntries(Object.entries(r.calls).map(([k, v]) => [k, v / elapsed]));
  const manager = Object.entries(calls)
    .filter(([k]) => k.startsWith('swarm.'))
    .reduce((s, [, v]) => s + v, 0);
  return {
    seconds: elapsed,
    cpuPercentMean: cpu?.mean ?? 0,
    cpuPercentP90: cpu?.p90 ?? 0,
    cpuPercentMax: cpu?.max ?? 0,
    rssMiB: Math.max(...harness.map((p) => Number(p.fields.rss_bytes))) / 2 ** 20,
    eventLoopLagMaxMs: lag?.max ?? 0,
    callsPerSecond: calls,
    managerCallsPerSecond: manager,
    managerCallsPerSecondPerService: manager / Math.max(1, serviceCount),
    points: Object.values(r.points).reduce((x, y) => x + y, 0),
  };
}

async function main(): Promise<void> {
  const outer = connect();
  const id = `bench-collector-${randomBytes(3).toString('hex')}`;
  const runRoot = await mkdtemp(join(tmpdir(), `${id}-`));
  let swarm: OneNodeSwarm | undefined;
  const labels = { 'swarmbench.role': 'bench-collector', 'swarmbench.run': id };
  const cleanup = async () => {
    await removeLabelled(outer, labels).catch(() => undefined);
    await swarm?.remove();
    await rm(runRoot, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    let cluster: ClusterHandle;
    let during: (() => Promise<void>) | undefined;
    if (a.cluster) {
      cluster = await open(a.cluster);
    } else {
      say(`starting a one-node swarm and ${nodes} stand-in node containers`);
      swarm = await oneNodeSwarm(outer, id);
      const s = swarm;
      const batch = await startBatch(outer, {
        image: 'swarmbench/alpine:latest',
        count: nodes,
        concurrency: 8,
        namePrefix: id,
        labels,
        cmd: ['sleep', '1000000'],
      });
      if (batch.errors.length) say(`${batch.errors.length} stand-in containers failed: ${batch.errors[0]}`);
      const standIns: NodeInfo[] = batch.ids.map((containerId, i) => ({
        name: `${id}-${i}`,
        role: 'worker',
        host: outer.name,
        containerId,
        hollow: false,
      }));
      const nodeList: NodeInfo[] = [
        { name: id, role: 'manager', host: outer.name, containerId: s.containerId, hollow: false },
        ...standIns,
      ];
      cluster = {
        manager: async () => s.inner,
        outerEngines: () => [outer],
        nodes: async () => nodeList,
      } as unknown as ClusterHandle;
      for (let i = 0; i < services; i++)
        await createService(s.inner, {
          name: `bench-${i}`,
          image: 'swarmbench/alpine:latest',
          command: ['top'],
          mode: 'replicated',
          replicas,
        });
      // scale up and back down during the measurement so task lists are fetched, as in a run
      during = async () => {
        await sleep((durationS * 1000) / 4);
        for (let i = 0; i < services; i++) await scaleService(s.inner, `bench-${i}`, replicas * 2);
        await sleep((durationS * 1000) / 4);
        for (let i = 0; i < services; i++) await scaleService(s.inner, `bench-${i}`, replicas);
      };
    }
    const serviceCount = (await listServicesWithStatus(await cluster.manager())).length;
    const servicesLine = a.cluster
      ? `${serviceCount} (as found)`
      : `${services} (${replicas} -> ${replicas * 2} -> ${replicas})`;
    const baseline = await measure('baseline', join(runRoot, 'baseline'), undefined, baselineS, serviceCount);
    const nodeCount = (await cluster.nodes()).filter((n) => !n.hollow).length;
    const withCollectors = await measure(
      'collectors',
      join(runRoot, 'collectors'),
      cluster,
      durationS,
      serviceCount,
      during,
    );
    const share = withCollectors.cpuPercentMean - baseline.cpuPercentMean;
    const out = {
      nodeContainers: nodeCount,
      services: serviceCount,
      replicas: a.cluster ? undefined : replicas,
      baseline,
      collectors: withCollectors,
      collectorCpuPercent: share,
    };
    if (a.out) {
      const all = await cluster.nodes();
      const { writeFileSync } = await import('node:fs');
      const argv = process.argv.slice(2).join(' ');
      writeFileSync(
        a.out,
        `${JSON.stringify({ bench: 'collector', command: `node dist/bench/collector/run.js ${argv}`, date: new Date().toISOString(), cores: (await import('node:os')).availableParallelism(), hollowWorkers: all.filter((n) => n.hollow).length, ...out }, null, 2)}\n`,
      );
    }
    if (a.json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else {
      const f = (n: number, d = 2) => n.toFixed(d);
      process.stdout.write(
        [
          `node containers sampled:        ${nodeCount}`,
          `services (replicas):            ${servicesLine}`,
          `process CPU, harness only:      ${f(baseline.cpuPercentMean)} % of one core (mean)`,
          `process CPU, with collectors:   ${f(withCollectors.cpuPercentMean)} % mean, ${f(withCollectors.cpuPercentP90)} % p90, ${f(withCollectors.cpuPercentMax)} % max`,
          `collector CPU share:            ${f(share)} % of one core`,
          `inner manager calls:            ${f(withCollectors.managerCallsPerSecond)} /s, ${f(withCollectors.managerCallsPerSecondPerService)} /s per service`,
          ...Object.entries(withCollectors.callsPerSecond).map(([k, v]) => `  ${k.padEnd(28)} ${f(v)} /s`),
          `event loop lag (max):           ${f(withCollectors.eventLoopLagMaxMs, 1)} ms`,
          `resident memory:                ${f(withCollectors.rssMiB, 0)} MiB`,
          `points written:                 ${withCollectors.points} in ${f(withCollectors.seconds, 0)} s`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    say('cleaning up');
    await cleanup();
  }
}

await main();
