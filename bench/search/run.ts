// Issue 15's must-hold for the breaking-point search: a manager-limit run ends with a knee that a
// second run reproduces within one search step. Runs the scenario's search --runs times (default
// 2), each bringing up and removing its own cluster, then prints side by side each run's knee
// (last size that held, first that broke, the SLOs that broke there and by how much, the validity
// verdict at the knee), whether the knees agree within one step, and the managers' top functions
// by CPU at the first size that broke. Writes bench/search/results/<date>-<scenario>-x<runs>.json.
//   npm run build && node dist/bench/search/run.js [--scenario manager-limit] [--runs 2]
//     [--set name=value ...]   (passed to every run: the search's from/step/max, SLO bounds, …)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProfiles } from '../../harness/report/load-profiles.js';
import type { Knee } from '../../harness/search/knee.js';
import { swarmbench } from '../support/cli.js';

const { values: a } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'manager-limit' },
    runs: { type: 'string', default: '2' },
    set: { type: 'string', multiple: true, default: [] },
  },
});
const say = (s: string) => process.stderr.write(`${new Date().toISOString()} ${s}\n`);
const stamp = Date.now().toString(36);
const sets = a.set.flatMap((s) => ['--set', s]);

/** The growth step the search used: the gap between its first two growth probes. */
function growthStep(knee: Knee): number | undefined {
  const grow = knee.probes.filter((p) => p.phase === 'grow').map((p) => p.size);
  return grow.length >= 2 ? grow[1]! - grow[0]! : undefined;
}

/** The managers' top CPU functions in a probe's directory (cumulative, past runtime glue; flat). */
function topCpu(probeDir: string) {
  const loaded = loadProfiles(probeDir, { n: 8 });
  return loaded.profiles
    .filter((p) => p.kind === 'cpu' && p.top)
    .map((p) => ({
      node: p.node,
      seconds: p.seconds ?? null,
      dominant: p.top!.dominant ? { name: p.top!.dominant.name, cumPercent: p.top!.dominant.cumPercent } : null,
      flat: p.top!.flat.slice(0, 5).map((r) => ({ name: r.name, flatPercent: Math.round(r.flatPercent * 10) / 10 })),
    }));
}

const runs: {
  dir: string;
  exitCode: number;
  lastLine: string;
  minutes: number;
  knee: Knee | null;
  topCpuAtFirstBad: ReturnType<typeof topCpu>;
}[] = [];
const loadAtStart = loadavg()[0]!;
for (let i = 1; i <= Number(a.runs); i++) {
  const dir = resolve('reports', `bench-search-${stamp}-${i}`);
  say(`run ${i}: swarmbench run ${a.scenario} ${a.set.join(' ')} --out ${dir}`);
  const t0 = Date.now();
  const r = await swarmbench(['run', a.scenario, ...sets, '--cluster', `bench-search-${stamp}-${i}`, '--out', dir]);
  const lastLine = r.stderr.trim().split('\n').at(-1) ?? '';
  say(`run ${i}: exit ${r.exitCode}: ${lastLine}`);
  let knee: Knee | null = null;
  try {
    knee = JSON.parse(readFileSync(join(dir, 'knee.json'), 'utf8')) as Knee;
  } catch {
    say(`run ${i}: no knee.json in ${dir}`);
  }
  runs.push({
    dir,
    exitCode: r.exitCode,
    lastLine,
    minutes: Math.round((Date.now() - t0) / 6000) / 10,
    knee,
    topCpuAtFirstBad: knee?.firstBad ? topCpu(join(dir, `probe-${knee.firstBad.size}`)) : [],
  });
}

const knees = runs.map((r) => r.knee);
const step = knees.map((k) => (k ? growthStep(k) : undefined)).find((s) => s !== undefined);
const firstBads = knees.map((k) => k?.firstBad?.size);
const agree =
  step !== undefined && firstBads.every((b) => b !== undefined)
    ? Math.max(...(firstBads as number[])) - Math.min(...(firstBads as number[])) <= step
    : null;

for (const [i, r] of runs.entries()) {
  const k = r.knee;
  process.stdout.write(
    `run ${i + 1}: last good ${k?.lastGood?.size ?? '–'}, first bad ${k?.firstBad?.size ?? '–'} (${k?.reason ?? 'no knee'}), verdict at the knee ${k?.verdict ?? '–'}; broke: ${
      k?.broke.map((b) => `${b.metric} ${b.value ?? 'no data'} vs ${b.op} ${b.bound} ${b.unit}`).join('; ') || '–'
    }; ${r.minutes} min\n`,
  );
  for (const t of r.topCpuAtFirstBad)
    process.stdout.write(
      `  ${t.node} CPU at the first bad size: dominant ${t.dominant?.name ?? '–'} (${t.dominant?.cumPercent.toFixed(1) ?? '–'} % cum); flat ${t.flat.map((f) => `${f.name} ${f.flatPercent} %`).join(', ')}\n`,
    );
}
process.stdout.write(
  `knees agree within one step (${step ?? '?'}): ${agree === null ? 'unknown (a run found no knee)' : agree ? 'yes' : 'no'}\n`,
);

const out = `bench/search/results/${new Date().toISOString().slice(0, 10)}-${a.scenario}-x${runs.length}.json`;
mkdirSync('bench/search/results', { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify(
    {
      bench: 'search',
      command: `node dist/bench/search/run.js ${process.argv.slice(2).join(' ')}`,
      date: new Date().toISOString(),
      host: { cores: availableParallelism(), loadAtStart: Math.round(loadAtStart * 10) / 10 },
      scenario: a.scenario,
      set: a.set,
      step: step ?? null,
      kneesAgreeWithinOneStep: agree,
      runs,
    },
    null,
    2,
  )}\n`,
);
say(`results: ${out}`);
process.exitCode = agree === false ? 1 : 0;
