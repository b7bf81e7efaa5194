// Pacing: the adaptive pace of `up` against fixed concurrencies, side by side in one run on one
// host. Each configuration boots N nodes (default 60) with `up` and is torn down before the next;
// the adaptive pace runs first and last, so drift of the host over the run shows as the
// difference between those two. A warm-up boot (fixed 8, not counted) comes before them all:
// in the first two runs of this bench the first cluster after calibration was the slowest
// whatever its pace. The host's container-start calibration is measured first and
// written with the results (figures move several-fold between hosts of the same kind).
// `--container-cpus C` makes this host a slower one for the run: every container of the outer
// engine together gets C cores (cgroup v1 CFS quota on the engine's `docker` parent cgroup;
// put back as it was on exit), so node boots cost several times what they cost here — the
// hosts that motivated pacing started containers 3.7× slower than this one.
// Run after `npm run build`:
//   node dist/bench/boot/pace.js [--nodes 60] [--fixed 2,4,8,16] [--container-cpus 0.5] [--out FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from '../../harness/cluster/index.js';
import { calibrateBenchHost } from '../support/host-calibration.js';
import { createLogger } from '../../harness/util/log.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '60' },
    fixed: { type: 'string', default: '2,4,8,16' },
    cluster: { type: 'string', default: 'bench-pace' },
    mode: { type: 'string', default: process.env.SWARMBENCH_NODE_MODE ?? 'capabilities' },
    out: { type: 'string' },
    'container-cpus': { type: 'string' },
  },
});
const QUOTA = '/sys/fs/cgroup/cpu/docker/cpu.cfs_quota_us';
const containerCpus = values['container-cpus'] ? Number(values['container-cpus']) : undefined;
let quotaBefore: string | undefined;
if (containerCpus !== undefined) {
  quotaBefore = readFileSync(QUOTA, 'utf8').trim();
  writeFileSync(QUOTA, String(Math.round(containerCpus * 100_000)));
  const restore = () => writeFileSync(QUOTA, quotaBefore!);
  process.on('exit', restore);
  process.on('SIGINT', () => process.exit(130));
}
const log = createLogger({ mode: 'plain', plainIntervalMs: 10_000 });
const nodes = Number(values.nodes);
const fixed = values.fixed.split(',').map(Number);
const nodeMode = values.mode === 'privileged' ? 'privileged' : 'capabilities';

interface Row {
  pace: string;
  seconds: number;
  ready: number;
  failed: number;
  restarted: number;
  readyPerSecond: number;
  loadBefore: number;
  bootsPace: string;
  joinsPace: string;
  peakRunnablePerCore?: number;
}

async function one(label: string, concurrency?: number): Promise<Row> {
  await down(values.cluster, { keepOuterSwarm: true });
  // Let the previous teardown's work settle so each configuration starts from a calm host.
  await new Promise((r) => setTimeout(r, 20_000));
  const loadBefore = Number(loadavg()[0]!.toFixed(1));
  log.info(`${label}: up --nodes ${nodes} (load ${loadBefore})`);
  const t0 = Date.now();
  const cluster = await up({
    cluster: values.cluster,
    nodes,
    nodeMode,
    startConcurrency: concurrency,
    joinConcurrency: concurrency,
    minReady: 1,
    log,
  });
  const seconds = (Date.now() - t0) / 1000;
  const r = cluster.report;
  await cluster.close();
  const p = r.pace!;
  const fmt = (x: { mode: string; initial: number; peak: number; final: number }) =>
    x.mode === 'fixed' ? `${x.final}` : `${x.initial}→${x.peak}→${x.final}`;
  const row: Row = {
    pace: label,
    seconds: Number(seconds.toFixed(1)),
    ready: r.ready,
    failed: r.failed.length,
    restarted: r.restarted,
    readyPerSecond: Number((r.ready / seconds).toFixed(3)),
    loadBefore,
    bootsPace: p.boots.map(fmt).join(','),
    joinsPace: fmt(p.joins),
    peakRunnablePerCore: p.peakRunnablePerCore,
  };
  log.info(
    `${label}: ${row.ready}/${nodes} Ready in ${row.seconds} s (${row.readyPerSecond} Ready/s), ${row.failed} failed, ${row.restarted} boots repeated`,
  );
  return row;
}

const host = await calibrateBenchHost('bench-pace', log);
const rows: Row[] = [];
try {
  await one('warm-up (fixed 8, not counted)', 8);
  rows.push(await one('adaptive (first)'));
  for (const c of fixed) rows.push(await one(`fixed ${c}`, c));
  rows.push(await one('adaptive (last)'));
} finally {
  await down(values.cluster, { keepOuterSwarm: true });
}

const fixedRows = rows.filter((r) => r.pace.startsWith('fixed'));
const best = fixedRows.reduce((a, b) => (b.readyPerSecond > a.readyPerSecond ? b : a));
const adaptive = rows.filter((r) => r.pace.startsWith('adaptive'));
const ratios = adaptive.map((a) => Number((a.readyPerSecond / best.readyPerSecond).toFixed(2)));
const result = {
  bench: 'boot-pace',
  measuredAt: new Date().toISOString(),
  command: `node dist/bench/boot/pace.js --nodes ${nodes} --fixed ${values.fixed}${containerCpus === undefined ? '' : ` --container-cpus ${containerCpus}`}`,
  containerCpus: containerCpus ?? null,
  host,
  nodes,
  rows,
  bestFixed: best.pace,
  adaptiveOverBestFixed: ratios,
  adaptiveFailed: adaptive.reduce((n, a) => n + a.failed, 0),
};
console.log(
  `host: ${result.host.cores} cores${containerCpus === undefined ? '' : `, containers limited to ${containerCpus} cores in all`}, ${result.host.calibration.containersPerSecond} busybox containers/s (8 at a time)`,
);
console.log(
  `${'pace'.padEnd(18)} ${'seconds'.padStart(8)} ${'Ready'.padStart(6)} ${'Ready/s'.padStart(8)} ${'failed'.padStart(7)} ${'reboots'.padStart(8)}  boots / joins at a time`,
);
for (const r of rows) {
  console.log(
    `${r.pace.padEnd(18)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.ready).padStart(6)} ${r.readyPerSecond.toFixed(3).padStart(8)} ${String(r.failed).padStart(7)} ${String(r.restarted).padStart(8)}  ${r.bootsPace} / ${r.joinsPace}`,
  );
}
console.log(
  `adaptive / best fixed (${best.pace}) Ready/s: ${ratios.join(', ')} (target ≥ 0.9, failed none: ${result.adaptiveFailed === 0 ? 'yes' : 'no'})`,
);
const out =
  values.out ??
  `bench/boot/results/pace-${nodes}${containerCpus === undefined ? '' : `-cpus-${containerCpus}`}-${result.measuredAt.slice(0, 10)}.json`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to ${out}`);
