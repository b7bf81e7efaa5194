// Swarm3k's size through the CLI, end to end, as a user runs it: `up --nodes N --hollow H`,
// `run swarm3k-hollow` at that size, `down`, each timed, with the host's calibration measured
// first. Writes bench/hollow/results/<date>-cli-<H>w-<C>t.json holding the three commands, their
// exit codes and wall times, `up`'s JSON, the run's summary figures, its validity verdict and
// last line, and what `down` removed, so every figure the README quotes of this run has a file.
//   npm run build && node dist/bench/hollow/cli.js [--hollow 4700] [--containers 47000] [--ramp-steps 10] [--nodes 3]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../harness/util/log.js';
import { swarmbench } from '../support/cli.js';
import { calibrateBenchHost } from '../support/host-calibration.js';

const { values: a } = parseArgs({
  options: {
    hollow: { type: 'string', default: '4700' },
    containers: { type: 'string', default: '47000' },
    'ramp-steps': { type: 'string', default: '10' },
    nodes: { type: 'string', default: '3' },
    cluster: { type: 'string', default: 'hw-bench' },
  },
});
const log = createLogger({ mode: 'plain', plainIntervalMs: 5000 });
const runDir = resolve('reports', `bench-hollow-cli-${Date.now().toString(36)}`);

interface Timed {
  command: string;
  exitCode: number;
  seconds: number;
  stdout: string;
  stderr: string;
}

async function timed(args: string[]): Promise<Timed> {
  const command = `swarmbench ${args.join(' ')}`;
  log.info(`$ ${command}`);
  const t0 = Date.now();
  const r = await swarmbench(args);
  const seconds = (Date.now() - t0) / 1000;
  log.info(`  exit ${r.exitCode} after ${seconds.toFixed(1)} s: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
  return { command, exitCode: r.exitCode, seconds, stdout: r.stdout, stderr: r.stderr };
}

const lastLine = (t: Timed) => (t.stdout + t.stderr).trim().split('\n').at(-1) ?? '';
const host = await calibrateBenchHost('bench-hollow-cli', log);
const c = a.cluster;
const upRun = await timed(['up', '--cluster', c, '--nodes', a.nodes, '--hollow', a.hollow, '--json']);
let run: Timed | undefined;
let downRun: Timed | undefined;
try {
  if (upRun.exitCode === 0) {
    const sets = [`hollow=${a.hollow}`, `containers=${a.containers}`, `ramp_steps=${a['ramp-steps']}`];
    sets.push(`nodes=${a.nodes}`);
    run = await timed(['run', 'swarm3k-hollow', '--cluster', c, '--out', runDir, ...sets.flatMap((s) => ['--set', s])]);
  }
} finally {
  downRun = await timed(['down', '--cluster', c, '--json']);
}
const json = (t: Timed | undefined): unknown => {
  try {
    return t ? JSON.parse(t.stdout) : undefined;
  } catch {
    return undefined;
  }
};
const summary = run
  ? (JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Record<string, unknown>)
  : undefined;
const brief = (t: Timed | undefined) =>
  t && { command: t.command, exitCode: t.exitCode, seconds: Number(t.seconds.toFixed(1)), lastLine: lastLine(t) };
const out = {
  bench: 'hollow-cli',
  command: `node dist/bench/hollow/cli.js --hollow ${a.hollow} --containers ${a.containers} --ramp-steps ${a['ramp-steps']} --nodes ${a.nodes}`,
  date: new Date().toISOString(),
  host,
  up: { ...brief(upRun), result: json(upRun) },
  run: run && { ...brief(run), runDir, summary },
  down: { ...brief(downRun), result: json(downRun) },
};
mkdirSync('bench/hollow/results', { recursive: true });
const file = `bench/hollow/results/${out.date.slice(0, 10)}-cli-${a.hollow}w-${a.containers}t.json`;
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`written to ${file}`);
for (const t of [upRun, run, downRun])
  if (t) console.log(`${t.command}: exit ${t.exitCode} in ${t.seconds.toFixed(1)} s`);
