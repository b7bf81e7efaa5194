// The demo's run as a bench: what `npm run demo` does (alpine-top-scale on 10 dind nodes, 200
// replicas), with the host's calibration taken first, and the figures a reader of the README is
// shown written to bench/demo/results/<date>.json: the run's last line, its validity verdict,
// efficiency and nested start rate, the sentence naming each step's dominant phase, and the
// headline metrics.
// With --profile, the managers' engines are profiled (run --profile managers) and the dominant
// functions kept too.
//   npm run build && node dist/bench/demo/run.js [--nodes 10] [--replicas 200] [--repeat N] [--profile]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../harness/util/log.js';
import { swarmbench } from '../support/cli.js';
import { calibrateBenchHost } from '../support/host-calibration.js';

const { values: a } = parseArgs({
  options: {
    nodes: { type: 'string', default: '10' },
    replicas: { type: 'string', default: '200' },
    repeat: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
  },
});
const repeat = Number(a.repeat);
const log = createLogger({ mode: 'plain', plainIntervalMs: 5000 });
const runDir = resolve('reports', `bench-demo-${Date.now().toString(36)}`);
const host = await calibrateBenchHost('bench-demo', log);
const args = ['run', 'alpine-top-scale', '--nodes', a.nodes, '--set', `replicas=${a.replicas}`, '--out', runDir];
if (repeat > 1) args.push('--repeat', String(repeat));
if (a.profile) args.push('--profile', 'managers');
log.info(`$ swarmbench ${args.join(' ')}`);
const r = await swarmbench(args);
// With --repeat the run's figures are in repetitions.json; the first repetition stands for the rest.
const first = repeat > 1 ? join(runDir, 'rep-1') : runDir;
const repetitions =
  repeat > 1
    ? (JSON.parse(readFileSync(join(runDir, 'repetitions.json'), 'utf8')) as {
        between: unknown;
        repetitions: unknown[];
        slos: unknown;
        summary: {
          metrics: Record<string, { values: number[]; median: number; ci: unknown; relativeSpread: number | null }>;
        };
      })
    : undefined;
const summary = JSON.parse(readFileSync(join(first, 'summary.json'), 'utf8')) as {
  metrics: Record<string, { value: number; unit: string }>;
  validity?: unknown;
};
const pick = (prefix: string) =>
  Object.fromEntries(
    Object.entries(summary.metrics)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k, v.value]),
  );
const lastLines = r.stderr.trim().split('\n').slice(-1);
const out = {
  bench: 'demo',
  command: `node dist/bench/demo/run.js --nodes ${a.nodes} --replicas ${a.replicas}${repeat > 1 ? ` --repeat ${repeat}` : ''}${a.profile ? ' --profile' : ''}`,
  date: new Date().toISOString(),
  host,
  exitCode: r.exitCode,
  lastLine: lastLines[0]?.replace(/^\S+Z /, '') ?? '',
  validity: summary.validity,
  nested: JSON.parse(readFileSync(join(first, 'nested-calibration.json'), 'utf8')) as unknown,
  phases: readFileSync(join(first, 'report.md'), 'utf8')
    .split('\n')
    .filter((l) => /most time went to|no phase was observed/.test(l))
    .map((l) => l.replace(/^- /, '')),
  metrics: {
    ...pick('scale.'),
    ...pick('tasks.startup_latency.'),
    ...pick('tasks.phase.'),
    ...pick('validity.'),
    ...pick('manager.raft.'),
    ...pick('manager.store.'),
  },
  ...(a.profile && {
    profiles: readFileSync(join(first, 'report.md'), 'utf8')
      .split('\n')
      .filter((l) => /^### .*: (CPU|heap)|^Past the runtime/.test(l)),
  }),
  ...(repetitions && {
    repetitions: {
      runs: repetitions.repetitions,
      between: repetitions.between,
      slos: repetitions.slos,
      headline: Object.fromEntries(
        ['scale.tasks_per_second', 'tasks.startup_latency.p99', 'scale.efficiency', 'scale.converge_time.p50'].flatMap(
          (k) => (repetitions.summary.metrics[k] ? [[k, repetitions.summary.metrics[k]]] : []),
        ),
      ),
    },
  }),
  runDir,
};
mkdirSync('bench/demo/results', { recursive: true });
const file = `bench/demo/results/${out.date.slice(0, 10)}-${a.nodes}n-${a.replicas}r${repeat > 1 ? `-x${repeat}` : ''}${a.profile ? '-profile' : ''}.json`;
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${out.lastLine}\n${out.phases.join('\n')}\nwritten to ${file}`);
