// What the report says limited a run, on real runs (issue 13): with the image not on the nodes
// (imageCache: cold; an image of 300 MB pushed to the cluster's registry, since the catalog's are
// too small for a pull to take long, and at 150 MB a fast pull once tied with the start phase in
// a full suite run) the tasks wait for the pull and the report names `prepare` as where the time
// went; on a host whose CPU is taken by something else the tasks wait to start, the report names
// `start`, the verdict is host-bound, and a scenario that demands validity fails (exit 1) saying so.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupCluster, lastLine, runCli, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-phases';
const BIG = `${CLUSTER}-big:latest`;
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', maxBuffer: 16 << 20 }).trim();

/** A 300 MB image in the cluster's registry (pushed through its loopback port); its name inside the nodes. */
function pushBigImage(): string {
  const dockerfile = 'FROM swarmbench/alpine:latest\nRUN head -c 300000000 /dev/urandom > /blob\n';
  execFileSync('docker', ['build', '-q', '--label', `swarmbench.test=${CLUSTER}`, '-t', BIG, '-'], {
    input: dockerfile,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const port = docker('port', `${CLUSTER}-registry`, '5000').split('\n')[0]!.split(':').pop()!;
  const pushed = `127.0.0.1:${port}/big:latest`;
  docker('tag', BIG, pushed);
  try {
    docker('push', '-q', pushed);
  } finally {
    docker('rmi', pushed);
  }
  return `${CLUSTER}-registry:5000/big:latest`;
}
const dir = mkdtempSync(join(tmpdir(), `${CLUSTER}-`));

function scenarioFile(name: string, lines: string[]): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, [`name: ${name}`, 'cluster: {nodes: 3}', ...lines, ''].join('\n'));
  return file;
}

/** Busy loops at normal priority, one per core: the host is saturated by something else. */
function saturate(): ChildProcess[] {
  return Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

const dominantSentence = (runDir: string) =>
  readFileSync(join(runDir, 'report.md'), 'utf8')
    .split('\n')
    .find((l) => /most time went to/.test(l))
    ?.replace(/^- /, '') ?? '';

describe.sequential('the dominant phase and the validity verdict on real runs', () => {
  const burners: ChildProcess[] = [];
  let bigImage = '';
  beforeAll(async () => {
    expect((await runCli(['up', '--cluster', CLUSTER, '--nodes', '3'])).code).toBe(0);
    bigImage = pushBigImage();
  }, 600_000);
  afterAll(async () => {
    for (const b of burners) b.kill('SIGKILL');
    await cleanupCluster(CLUSTER);
    try {
      docker('rmi', '-f', BIG);
    } catch {
      // already gone
    }
  });

  it('names prepare when every node must pull the image', { timeout: 600_000 }, async () => {
    const file = scenarioFile('cold-image', [
      'imageCache: cold',
      'steps:',
      `  - service.create: {name: big, image: '${bigImage}', command: [top], replicas: 8}`,
    ]);
    const r = await runScenarioCli(file, CLUSTER, ['--keep']);
    expect(r.code).toBe(0);
    expect(r.record!.imageCache).toBe('cold');
    expect(r.stderr).toMatch(/cold image cache: removed/);
    expect(dominantSentence(r.runDir)).toMatch(/^service\.create: most time went to prepare \(preparing → starting/);
    const m = r.record!.metrics;
    expect(m['step.service.create.tasks.phase.prepare.p50']!.value).toBeGreaterThan(
      m['step.service.create.tasks.phase.start.p50']?.value ?? 0,
    );
  });

  it('names start, says host-bound, and fails a run that requires validity', { timeout: 600_000 }, async () => {
    const file = scenarioFile('saturated', [
      'validity: required',
      'steps:',
      '  - service.create: {name: top, image: alpine, command: [top], replicas: 8}',
      '  - service.scale: {service: top, replicas: 16}',
    ]);
    burners.push(...saturate());
    const r = await runScenarioCli(file, CLUSTER, ['--keep']);
    for (const b of burners.splice(0)) b.kill('SIGKILL');
    expect(r.code).toBe(1);
    expect(r.record!.status).toBe('failed');
    expect(lastLine(r.stdout + r.stderr)).toMatch(/validity required but the run was host-bound/);
    const summary = JSON.parse(readFileSync(join(r.runDir, 'summary.json'), 'utf8')) as {
      validity: { verdict: string };
    };
    expect(summary.validity.verdict).toBe('host-bound');
    expect(dominantSentence(r.runDir)).toMatch(/most time went to start \(starting → running/);
  });

  it('calibrate --cluster measures the nested start rate inside the workers', { timeout: 300_000 }, async () => {
    const out = join(dir, 'calibration.json');
    const r = await runCli(['calibrate', '--count', '4', '--cluster', CLUSTER, '--per-node', '3', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /nested +\d+\.\d\d containers\/s inside 2 workers of t-sc-it-phases \(3 each at once\); 6 started/,
    );
    const file = JSON.parse(readFileSync(out, 'utf8')) as { nested: { perNode: number; started: number } };
    expect(file.nested).toMatchObject({ perNode: 3, started: 6 });
  });
});
