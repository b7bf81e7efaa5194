// Issue 14's must-holds on real runs: how often the noise-aware compare cries wolf, and whether
// it still catches a real slowdown. On one cluster (brought up first, so every repetition finds it
// reused), sets of `run --repeat N` of alpine-top-scale, one after the other:
//   A        the baseline;
//   B1..Bk   the same build, nothing changed (--unchanged k), each compared with A: every headline
//            metric one flags "regressed" is a false positive;
//   C<cpus>  the worker node containers capped with `docker update --cpus` (the manager left
//            alone; one set per value of --cpus, in order), compared with A: the slowdown must be
//            flagged, the metrics named.
// Writes bench/noise/results/<date>-<nodes>n-<replicas>r-x<N>.json with each comparison's counts.
//   npm run build && node dist/bench/noise/run.js [--nodes 4] [--replicas 40] [--steps 2] [--repeat 5]
//     [--unchanged 1] [--cpus 0.2[,0.5…]]
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
    unchanged: { type: 'string', default: '1' },
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
  // Figures no run can move (the host calibration on file, the tasks a scenario starts) are
  // compared too, but cannot be false positives: named apart so the rate is read over the rest.
  const constant = headline.filter((m) => m.change === 0 && m.noise!.test?.pValue === 1).map((m) => m.name);
  return {
    method: headline[0]?.noise?.method,
    headlineCompared: headline.length,
    constant,
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
const unchanged = Array.from({ length: Number(a.unchanged) }, (_, i) => `B${i + 1}`);
const caps = a.cpus.split(',').filter(Boolean);
const sets: Record<string, unknown> = {};
try {
  sets.A = { dir: dirOf('A'), ...(await runSet('A')) };
  for (const b of unchanged) sets[b] = { dir: dirOf(b), ...(await runSet(b, dirOf('A'))), against: 'A', ...tally(b) };
  for (const cpus of caps) {
    const c = `C${cpus}`;
    log.info(`capped ${capWorkers(cpus)} worker node containers at --cpus ${cpus}`);
    sets[c] = {
      dir: dirOf(c),
      ...(await runSet(c, dirOf('A'))),
      against: 'A',
      workersCappedAtCpus: Number(cpus),
      ...tally(c),
    };
  }
} finally {
  await swarmbench(['down', '--cluster', CLUSTER]);
}
type Tally = ReturnType<typeof tally> & { exitCode: number };
const fp = unchanged.map((b) => sets[b] as Tally);
const compared = fp.reduce((n, t) => n + t.headlineCompared - t.constant.length, 0);
const flagged = fp.reduce((n, t) => n + t.regressed.length, 0);
const result = {
  bench: 'noise',
  command: `node dist/bench/noise/run.js --nodes ${a.nodes} --replicas ${a.replicas} --steps ${a.steps} --repeat ${a.repeat} --unchanged ${a.unchanged} --cpus ${a.cpus}`,
  date: new Date().toISOString(),
  host,
  falsePositives: { flagged, compared, rate: compared ? flagged / compared : null, bound: 1 / 20 },
  sets,
};
mkdirSync('bench/noise/results', { recursive: true });
const file = `bench/noise/results/${result.date.slice(0, 10)}-${a.nodes}n-${a.replicas}r-x${a.repeat}-u${a.unchanged}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  [
    `unchanged build (${unchanged.join(', ')} vs A): ${flagged} of ${compared} headline metrics that can move flagged regressed (false positives; bound 1 in 20)`,
    ...caps.map((cpus) => {
      const c = sets[`C${cpus}`] as Tally;
      return `workers at --cpus ${cpus} (vs A): ${c.regressed.length} of ${c.headlineCompared} flagged regressed: ${c.regressed.join(', ') || 'none'}; exit ${c.exitCode}`;
    }),
    `written to ${file}`,
  ].join('\n'),
);
