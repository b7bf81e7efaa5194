// Issue 14's must-holds on real runs: how often the noise-aware compare cries wolf, and whether
// it still catches a real slowdown. On one cluster (brought up first, so every repetition finds it
// reused), three sets of `run --repeat N` of alpine-top-scale:
//   A  the baseline;
//   B  the same build, nothing changed, compared with A: every headline metric it flags
//      "regressed" is a false positive;
//   C  the worker node containers capped with `docker update --cpus` (the manager left alone),
//      compared with A: the slowdown must be flagged, the metrics named.
// Writes bench/noise/results/<date>-<nodes>n-<replicas>r-x<N>.json with each comparison's counts.
//   npm run build && node dist/bench/noise/run.js [--nodes 4] [--replicas 40] [--steps 2] [--repeat 5] [--cpus 0.2]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Comparison } from '../../harness/report/compare.js';
import { isHeadline } from '../../harness/report/repetitions.js';
import { createLogger } from '../../harness/util/log.js';
import { swarmbench, swarmbenchOrThrow } from '../support/cli.js';
import { calibrateBenchHost } from '../support/host-calibration.js';

const { values: a } = parseArgs({
  options: {
    nodes: { type: 'string', default: '4' },
    replicas: { type: 'string', default: '40' },
    steps: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '5' },
    cpus: { type: 'string', default: '0.2' },
  },
});
const CLUSTER = 'bench-noise';
const log = createLogger({ mode: 'plain', plainIntervalMs: 10_000 });
const stamp = Date.now().toString(36);
const dirOf = (set: string) => resolve('reports', `bench-noise-${stamp}-${set}`);
const host = await calibrateBenchHost('bench-noise', log);

const runSet = async (set: string, baseline?: string) => {
  const args = [
    'run',
    'alpine-top-scale',
    '--cluster',
    CLUSTER,
    '--nodes',
    a.nodes,
    '--set',
    `replicas=${a.replicas}`,
    '--set',
    `steps=${a.steps}`,
    '--set',
    'settle=2s',
    '--repeat',
    a.repeat,
    '--keep',
    '--out',
    dirOf(set),
    ...(baseline ? ['--baseline', baseline] : []),
  ];
  log.info(`set ${set}: swarmbench ${args.join(' ')}`);
  const r = await swarmbench(args);
  const last =
    r.stderr
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^\S+Z /, '') ?? '';
  log.info(`set ${set}: ${last}`);
  return { exitCode: r.exitCode, lastLine: last };
};

/** What a comparison of a set with the baseline set flagged, over the headline metrics. */
const tally = (set: string) => {
  const c = JSON.parse(readFileSync(resolve(dirOf(set), 'comparison.json'), 'utf8')) as Comparison;
  const headline = c.metrics.filter((m) => isHeadline(m.name) && m.noise);
  // The test's own verdict: compare's 'unchanged' covers both "within noise" and "unchanged".
  const by = (v: string) => headline.filter((m) => m.noise!.verdict === v).map((m) => m.name);
  return {
    method: headline[0]?.noise?.method,
    headlineCompared: headline.length,
    regressed: by('regressed'),
    improved: by('improved'),
    withinNoise: by('within-noise'),
    unchanged: by('unchanged'),
    metrics: Object.fromEntries(
      headline.map((m) => [
        m.name,
        {
          verdict: m.noise!.verdict,
          baseline: m.baseline,
          now: m.now,
          change: m.change,
          p: m.noise!.test?.pValue ?? null,
          shift: m.noise!.interval?.relative ?? null,
        },
      ]),
    ),
  };
};

/** The worker node containers of the cluster (the manager keeps its CPUs: the slowdown is the nodes'). */
const workerContainers = () =>
  execFileSync(
    'docker',
    ['ps', '-q', '--filter', `label=swarmbench.cluster=${CLUSTER}`, '--filter', 'label=swarmbench.role=worker'],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
const capWorkers = (cpus: string) => {
  const ids = workerContainers();
  if (ids.length === 0) throw new Error(`no worker containers of ${CLUSTER} found to cap`);
  execFileSync('docker', ['update', '--cpus', cpus, ...ids], { stdio: 'ignore' });
  return ids.length;
};

await swarmbenchOrThrow(['down', '--cluster', CLUSTER]).catch(() => undefined);
await swarmbenchOrThrow(['up', '--cluster', CLUSTER, '--nodes', a.nodes]);
let result;
try {
  const A = await runSet('A');
  const B = await runSet('B', dirOf('A'));
  const capped = capWorkers(a.cpus);
  log.info(`capped ${capped} worker node containers at --cpus ${a.cpus}`);
  const C = await runSet('C', dirOf('A'));
  result = {
    bench: 'noise',
    command: `node dist/bench/noise/run.js --nodes ${a.nodes} --replicas ${a.replicas} --steps ${a.steps} --repeat ${a.repeat} --cpus ${a.cpus}`,
    date: new Date().toISOString(),
    host,
    sets: {
      A: { dir: dirOf('A'), ...A },
      B: { dir: dirOf('B'), ...B, against: 'A', ...tally('B') },
      C: { dir: dirOf('C'), ...C, against: 'A', workersCappedAtCpus: Number(a.cpus), ...tally('C') },
    },
  };
} finally {
  await swarmbench(['down', '--cluster', CLUSTER]);
}
mkdirSync('bench/noise/results', { recursive: true });
const file = `bench/noise/results/${result.date.slice(0, 10)}-${a.nodes}n-${a.replicas}r-x${a.repeat}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
const B = result.sets.B;
const C = result.sets.C;
console.log(
  [
    `unchanged build (B vs A): ${B.regressed.length} of ${B.headlineCompared} headline metrics flagged regressed (false positives), ${B.withinNoise.length} within noise, exit ${B.exitCode}`,
    `workers at --cpus ${a.cpus} (C vs A): ${C.regressed.length} of ${C.headlineCompared} flagged regressed: ${C.regressed.join(', ') || 'none'}; exit ${C.exitCode}`,
    `written to ${file}`,
  ].join('\n'),
);
