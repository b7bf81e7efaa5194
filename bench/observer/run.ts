// Observer agreement on real nodes: does the harness's convergence time per scale step agree
// with what someone watching `docker service ls` on the inner manager sees? Brings up a cluster
// of dind nodes, starts the observer loop (observer.ts) in the manager's node with the docker
// CLI (nothing of the harness's code), runs alpine-top-scale's ramp (a pause after each step) with `swarmbench run`, then sets
// each scale step's converge_ms beside the observer's time from the same request. Prints per
// step both figures and whether they agree within 5 % or 1 s (whichever is larger), and writes
// bench/observer/results/<date>-<N>n-<R>r.json with the host's calibration beside it.
//   npm run build && node dist/bench/observer/run.js [--nodes 5] [--replicas 40] [--steps 4] [--pause 3s] [--keep]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { down, up } from '../../harness/cluster/index.js';
import { nodeName } from '../../harness/cluster/names.js';
import { decodeLines } from '../../harness/metrics/line-protocol.js';
import { Measurement } from '../../harness/metrics/measurements.js';
import { createLogger } from '../../harness/util/log.js';
import { swarmbenchOrThrow } from '../support/cli.js';
import { calibrateBenchHost } from '../support/host-calibration.js';
import { OBSERVER_SCRIPT, parseSamples, stepAgreement } from './observer.js';

const { values: a } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5' },
    replicas: { type: 'string', default: '40' },
    steps: { type: 'string', default: '4' },
    pause: { type: 'string', default: '3s' },
    cluster: { type: 'string', default: 'bench-observer' },
    keep: { type: 'boolean', default: false },
  },
});
const nodes = Number(a.nodes);
const replicas = Number(a.replicas);
const steps = Number(a.steps);
const log = createLogger({ mode: 'plain', plainIntervalMs: 5000 });
const work = resolve('reports', `bench-observer-${Date.now().toString(36)}`);
const runDir = join(work, 'run');
mkdirSync(work, { recursive: true });

const host = await calibrateBenchHost('bench-observer', log);
await up({ cluster: a.cluster, nodes, managers: 1, log });
let output = '';
const observer = spawn('docker', ['exec', nodeName(a.cluster, 0), 'sh', '-c', OBSERVER_SCRIPT], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
observer.stdout.on('data', (d: Buffer) => (output += d.toString()));
try {
  // alpine-top-scale's ramp with a pause after each step, so that the observer sees each step's
  // end before the next request (a step that converged 0.3 s before the next began is otherwise
  // seen by a loop that looks every 0.2–1 s only once the next step is under way).
  const scenarioFile = join(work, 'observer.yaml');
  const ramp = Array.from({ length: steps }, (_, i) => Math.round((replicas * (i + 1)) / steps));
  writeFileSync(
    scenarioFile,
    [
      'name: bench-observer',
      'description: alpine top scaled in steps with a pause after each, watched by an observer',
      `cluster: {nodes: ${nodes}, managers: 1}`,
      'steps:',
      '  - service.create: {name: top, image: alpine, command: [top], replicas: 0}',
      ...ramp.flatMap((n) => [
        `  - name: ramp replicas=${n}`,
        `    service.scale: {service: top, replicas: ${n}}`,
        `  - sleep: {duration: ${a.pause}}`,
      ]),
      '',
    ].join('\n'),
  );
  const run = await swarmbenchOrThrow(['run', scenarioFile, '--cluster', a.cluster, '--out', runDir]);
  log.info(`run: ${run.stdout.trim().split('\n').at(-1)}`);
  observer.kill();
  writeFileSync(join(work, 'observer.txt'), output);

  const samples = parseSamples(output);
  const gaps = samples.slice(1).map((s, i) => s.ms - samples[i]!.ms);
  const meanGapMs = gaps.reduce((x, y) => x + y, 0) / Math.max(1, gaps.length);
  const scaleSteps = decodeLines(readFileSync(join(runDir, 'metrics.lp'), 'utf8')).flatMap((p) =>
    p.measurement === Measurement.step &&
    p.fields.event === 'end' &&
    typeof p.fields.requested_ms === 'number' &&
    typeof p.fields.converge_ms === 'number'
      ? [{ name: p.tags.step ?? '?', requestedMs: p.fields.requested_ms, convergeMs: p.fields.converge_ms }]
      : [],
  );
  const rows = scaleSteps.map((s) => stepAgreement(samples, 'top', s));
  const s1 = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
  console.log(`\nobserver agreement on ${nodes} dind nodes, alpine top scaled to ${replicas} in ${steps} steps`);
  console.log(
    `observer: ${samples.length} samples of \`docker service ls\`, one every ${meanGapMs.toFixed(0)} ms on average`,
  );
  console.log('step'.padEnd(14) + 'harness'.padStart(10) + 'observer'.padStart(10) + 'diff'.padStart(10) + '  bound');
  for (const r of rows)
    console.log(
      `${r.step.padEnd(14)}${s1(r.harnessMs).padStart(10)}${s1(r.observerMs).padStart(10)}${s1(r.diffMs).padStart(10)}  ${s1(r.toleranceMs)} ${r.agrees ? 'agrees' : 'DISAGREES'}`,
    );
  const agreeing = rows.filter((r) => r.agrees).length;
  const out = {
    bench: 'observer',
    command: `node dist/bench/observer/run.js --nodes ${nodes} --replicas ${replicas} --steps ${steps} --pause ${a.pause}`,
    date: new Date().toISOString(),
    host,
    nodes,
    replicas,
    steps,
    observer: { samples: samples.length, meanGapMs: Math.round(meanGapMs) },
    rows,
    agreeing,
    holds: rows.length > 0 && agreeing === rows.length,
    runDir,
  };
  mkdirSync('bench/observer/results', { recursive: true });
  const file = `bench/observer/results/${out.date.slice(0, 10)}-${nodes}n-${replicas}r.json`;
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\n${agreeing}/${rows.length} steps agree within 5 % or 1 s; written to ${file}`);
} finally {
  observer.kill();
  if (!a.keep) await down(a.cluster, { log }).catch((e: Error) => log.warn(`down: ${e.message}`));
}
