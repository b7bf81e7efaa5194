// The demo's run as a bench: what `npm run demo` does (alpine-top-scale on 10 dind nodes, 200
// replicas), with the host's calibration taken first, and the figures a reader of the README is
// shown written to bench/demo/results/<date>.json: the run's last line, its validity verdict,
// efficiency and nested start rate, the sentence naming each step's dominant phase, and the
// headline metrics.
//   npm run build && node dist/bench/demo/run.js [--nodes 10] [--replicas 200]
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
  },
});
const log = createLogger({ mode: 'plain', plainIntervalMs: 5000 });
const runDir = resolve('reports', `bench-demo-${Date.now().toString(36)}`);
const host = await calibrateBenchHost('bench-demo', log);
const args = ['run', 'alpine-top-scale', '--nodes', a.nodes, '--set', `replicas=${a.replicas}`, '--out', runDir];
log.info(`$ swarmbench ${args.join(' ')}`);
const r = await swarmbench(args);
const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as {
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
  command: `node dist/bench/demo/run.js --nodes ${a.nodes} --replicas ${a.replicas}`,
  date: new Date().toISOString(),
  host,
  exitCode: r.exitCode,
  lastLine: lastLines[0]?.replace(/^\S+Z /, '') ?? '',
  validity: summary.validity,
  nested: JSON.parse(readFileSync(join(runDir, 'nested-calibration.json'), 'utf8')) as unknown,
  phases: readFileSync(join(runDir, 'report.md'), 'utf8')
    .split('\n')
    .filter((l) => /most time went to|no phase was observed/.test(l))
    .map((l) => l.replace(/^- /, '')),
  metrics: {
    ...pick('scale.'),
    ...pick('tasks.startup_latency.'),
    ...pick('tasks.phase.'),
    ...pick('validity.'),
  },
  runDir,
};
mkdirSync('bench/demo/results', { recursive: true });
const file = `bench/demo/results/${out.date.slice(0, 10)}-${a.nodes}n-${a.replicas}r.json`;
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${out.lastLine}\n${out.phases.join('\n')}\nwritten to ${file}`);
