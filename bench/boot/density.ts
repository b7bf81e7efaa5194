// Density: how many nodes one host holds Ready and stable. Boots N nodes with `up`, then soaks
// (default 10 minutes) sampling the inner swarm's own node states every 15 s, and reports any
// node that left Ready, plus per-node memory and CPU at rest (from the nodes' cgroups) and the
// host's load, then times `down` (unless --keep): at 200 nodes teardown was once the hard part.
// The host's container-start calibration is measured first; the result, with the calibration and
// the pace `up` took, is printed and written to bench/boot/results/density-N-DATE.json.
// Run after `npm run build`:
//   node dist/bench/boot/density.js --nodes 120 [--soak-minutes 10] [--heartbeat 5] [--keep]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { down, up } from '../../harness/cluster/index.js';
import { upVerdict } from '../../harness/cluster/up-verdict.js';
import { calibrateBenchHost } from '../support/host-calibration.js';
import { findCgroup, readCgroup, type ResourceSample } from '../../harness/docker/stats.js';
import { listSwarmNodes } from '../../harness/docker/swarm-read.js';
import { createLogger } from '../../harness/util/log.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '120' },
    managers: { type: 'string' },
    'soak-minutes': { type: 'string', default: '10' },
    heartbeat: { type: 'string' },
    cluster: { type: 'string', default: 'bench-density' },
    mode: { type: 'string', default: process.env.SWARMBENCH_NODE_MODE ?? 'capabilities' },
    keep: { type: 'boolean', default: false },
  },
});
const log = createLogger({ mode: 'plain', plainIntervalMs: 5000 });
const nodes = Number(values.nodes);
const soakMs = Number(values['soak-minutes']) * 60_000;

async function sampleAll(ids: string[]): Promise<Map<string, ResourceSample>> {
  const out = new Map<string, ResourceSample>();
  for (const id of ids) {
    const cg = await findCgroup(id);
    const s = cg ? await readCgroup(cg) : undefined;
    if (s) out.set(id, s);
  }
  return out;
}

const host = await calibrateBenchHost('bench-density', log);
const t0 = Date.now();
const cluster = await up({
  cluster: values.cluster,
  nodes,
  managers: values.managers ? Number(values.managers) : undefined,
  heartbeatSeconds: values.heartbeat ? Number(values.heartbeat) : undefined,
  nodeMode: values.mode === 'privileged' ? 'privileged' : 'capabilities',
  log,
});
const bootSeconds = (Date.now() - t0) / 1000;
log.info(`boot: ${cluster.report.ready}/${nodes} Ready in ${bootSeconds.toFixed(1)} s; soaking ${soakMs / 60_000} min`);
let tornDown = false;
try {
  const records = await cluster.nodes();
  const ids = records.map((r) => r.containerId);
  const before = await sampleAll(ids);
  const left = new Set<string>();
  let minReady = Number.POSITIVE_INFINITY;
  const soakEnd = Date.now() + soakMs;
  while (Date.now() < soakEnd) {
    await new Promise((r) => setTimeout(r, Math.min(15_000, Math.max(0, soakEnd - Date.now()))));
    const list = await listSwarmNodes(await cluster.manager()).catch(() => []);
    const ready = list.filter((n) => n.state === 'ready');
    minReady = Math.min(minReady, ready.length);
    for (const n of list) if (n.state !== 'ready') left.add(n.hostname);
    log.progress(`soak: ${ready.length}/${nodes} Ready, load ${loadavg()[0]!.toFixed(1)}`, { force: true });
  }
  const after = await sampleAll(ids);
  let cpuNs = 0;
  let spanMs = 0;
  const mem: number[] = [];
  for (const id of ids) {
    const a = before.get(id);
    const b = after.get(id);
    if (!a || !b) continue;
    cpuNs += b.cpuNs - a.cpuNs;
    spanMs = Math.max(spanMs, b.atMs - a.atMs);
    mem.push(b.memBytes);
  }
  const cpuCores = spanMs ? cpuNs / 1e6 / spanMs : 0;
  const mb = (b: number) => Math.round(b / 1024 / 1024);
  const verdict = upVerdict(cluster.report, nodes);
  const result = {
    bench: 'density',
    measuredAt: new Date().toISOString(),
    command: `node dist/bench/boot/density.js --nodes ${nodes} --soak-minutes ${soakMs / 60_000}`,
    host,
    nodes,
    ready: cluster.report.ready,
    bootSeconds: Number(bootSeconds.toFixed(1)),
    boot: {
      failed: cluster.report.failed.length,
      restarted: cluster.report.restarted,
      notStarted: cluster.report.notStarted,
      line: verdict.line,
    },
    soakMinutes: soakMs / 60_000,
    minReadyDuringSoak: Number.isFinite(minReady) ? minReady : null,
    leftReady: [...left],
    memoryPerNodeMB: mem.length
      ? { avg: mb(mem.reduce((x, y) => x + y, 0) / mem.length), max: mb(Math.max(...mem)) }
      : null,
    cpuAtRest: {
      cores: Number(cpuCores.toFixed(2)),
      perNodePercent: Number(((cpuCores / Math.max(1, mem.length)) * 100).toFixed(2)),
    },
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    down: null as null | {
      seconds: number;
      containers: number;
      nodesKilled: { kernel: number; engine: number };
      loadAverageAfter: number[];
    },
  };
  if (!values.keep) {
    await cluster.close();
    const t = Date.now();
    const d = await down(values.cluster, { keepOuterSwarm: true, log });
    tornDown = true;
    const seconds = Number(((Date.now() - t) / 1000).toFixed(1));
    result.down = {
      seconds,
      containers: d.containers,
      nodesKilled: d.nodesKilled,
      loadAverageAfter: loadavg().map((l) => Number(l.toFixed(1))),
    };
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const out = `bench/boot/results/density-${nodes}-${result.measuredAt.slice(0, 10)}.json`;
  mkdirSync('bench/boot/results', { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  log.info(`written to ${out}`);
} finally {
  if (!tornDown) await cluster.close();
  if (!values.keep && !tornDown) await down(values.cluster, { keepOuterSwarm: true, log });
}
