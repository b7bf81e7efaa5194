// The pure parts of the steps: seeded picks, convergence counting, scale rate, HTTP answers, recorder.
import { describe, expect, it } from 'vitest';
import { chaosCount, mulberry32, pick } from '../../../harness/scenario/prng.js';
import { convergenceOf } from '../../../harness/scenario/steps/converge.js';
import { measureScale } from '../../../harness/scenario/steps/scale-rate.js';
import { loadScript, parseAnswers, summarize } from '../../../harness/scenario/steps/http-client.js';
import { StepRecorder } from '../../../harness/scenario/recorder.js';
import type { TaskInfo } from '../../../harness/docker/services.js';
import type { SwarmNode } from '../../../harness/docker/swarm-read.js';
import { fakeNode, fakeTask } from '../../support/swarm-fixtures.js';

const node = (
  id: string,
  state: SwarmNode['state'] = 'ready',
  availability: SwarmNode['availability'] = 'active',
): SwarmNode => fakeNode({ id, state, availability });
const task = (
  id: string,
  nodeId: string,
  state: TaskInfo['state'] = 'running',
  createdMs = 0,
  statusMs = 0,
): TaskInfo => fakeTask({ id, serviceId: 's', nodeId, state, createdMs, statusMs });

describe('seeded randomness', () => {
  it('replays the same picks from the same seed, and differs with another', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => `node-${i}`);
    const a = pick(nodes, 5, mulberry32(42));
    expect(pick(nodes, 5, mulberry32(42))).toEqual(a);
    expect(pick(nodes, 5, mulberry32(43))).not.toEqual(a);
    expect(new Set(a).size).toBe(5);
  });
  it('counts a fraction rounded up, at least one, at most all', () => {
    expect(chaosCount(10, { fraction: 0.25 })).toBe(3);
    expect(chaosCount(3, { fraction: 0.01 })).toBe(1);
    expect(chaosCount(3, { count: 9 })).toBe(3);
    expect(chaosCount(0, { count: 1 })).toBe(0);
  });
});

describe('convergence', () => {
  const svc = { name: 'top', mode: 'replicated' as const, replicas: 3, ports: [] };
  it('counts only running tasks on Ready nodes', () => {
    const nodes = [node('a'), node('b', 'down')];
    const c = convergenceOf(svc, [task('1', 'a'), task('2', 'a'), task('3', 'b')], nodes);
    expect(c).toEqual({ service: 'top', desired: 3, running: 2, converged: false });
    expect(convergenceOf(svc, [task('1', 'a'), task('2', 'a'), task('3', 'a')], nodes).converged).toBe(true);
  });
  it('is not converged while a task is still starting', () => {
    const c = convergenceOf(
      { ...svc, replicas: 2 },
      [task('1', 'a'), task('2', 'a'), task('3', 'a', 'starting')],
      [node('a')],
    );
    expect(c.converged).toBe(false);
  });
  it('wants one task per active Ready node for a global service', () => {
    const g = { ...svc, mode: 'global' as const };
    const nodes = [node('a'), node('b'), node('m', 'ready', 'drain')];
    expect(convergenceOf(g, [task('1', 'a'), task('2', 'b')], nodes)).toMatchObject({ desired: 2, converged: true });
  });
  it('counts only the nodes its placement allows for a global service on hollow (or real) nodes', () => {
    const nodes = [
      fakeNode({ id: 'm', role: 'manager' }),
      fakeNode({ id: 'h1', hollow: true }),
      fakeNode({ id: 'h2', hollow: true }),
      fakeNode({ id: 'h3', hollow: true, state: 'down' }),
    ];
    const tasks = [task('1', 'h1'), task('2', 'h2')];
    expect(convergenceOf({ ...svc, mode: 'global', on: 'hollow' }, tasks, nodes)).toMatchObject({
      desired: 2,
      running: 2,
      converged: true,
    });
    // Without the placement, the manager would be one more node to run a task on.
    expect(convergenceOf({ ...svc, mode: 'global' }, tasks, nodes)).toMatchObject({ desired: 3, converged: false });
    expect(convergenceOf({ ...svc, mode: 'global', on: 'real' }, [task('3', 'm')], nodes)).toMatchObject({
      desired: 1,
      converged: true,
    });
  });
});

describe('scale rate', () => {
  it('counts tasks new to the step, over first created to last running', () => {
    const before = new Set(['old']);
    const tasks = [
      task('old', 'a', 'running', 0, 5),
      task('n1', 'a', 'running', 1000, 3000),
      task('n2', 'a', 'running', 1500, 5000),
      task('n3', 'a', 'starting', 1500, 1600),
    ];
    const m = measureScale(before, tasks)!;
    expect(m.started).toBe(2);
    expect(m.windowMs).toBe(4000);
    expect(m.tasksPerSecond).toBe(0.5);
    expect(m.latencies).toEqual([2000, 3500]);
    // The step's converge time ends here (swarm clock), not at the harness's next look.
    expect(m.lastRunningMs).toBe(5000);
    expect(measureScale(new Set(['old']), [task('old', 'a')])).toBeUndefined();
  });
});

describe('HTTP answers', () => {
  it('pairs each answer with the replica that served it, and counts failures', () => {
    const out = [
      'served-by c1',
      '',
      '@@ 200 0.002 http://10.0.0.2:8080/',
      'served-by c2',
      '',
      '@@ 200 0.004 http://10.0.0.3:8080/',
      '',
      '@@ 000 0.001 http://10.0.0.4:8080/',
      'served-by c1',
      '',
      '@@ 200 0.003 http://10.0.0.2:8080/',
    ].join('\n');
    const answers = parseAnswers(out);
    expect(answers).toHaveLength(4);
    expect(answers[2]).toEqual({ code: 0, ms: 1, url: 'http://10.0.0.4:8080/' });
    const s = summarize(answers);
    expect(s.requests).toBe(4);
    expect(s.successRatio).toBe(0.75);
    expect(s.perReplica).toEqual({ c1: 2, c2: 1 });
    expect(s.replicasSeen).toBe(2);
    expect(s.imbalance).toBeCloseTo(2 / 1.5);
    expect(s.perTarget['10.0.0.4:8080']).toEqual({ requests: 1, errors: 1, latencies: [] });
  });
  it('quotes URLs into the client script', () => {
    const script = loadScript(["http://a:1/x'y"], 2.4, 3);
    expect(script).toContain(`'http://a:1/x'\\''y'`);
    expect(script).toContain('while [ $i -lt 3 ]');
    expect(script).toContain('+ 2 ))');
  });
  it('ends the client script early when the stop file appears, and still prints what it got', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sb-http-'));
    const stop = join(dir, 'stop');
    // A fake curl that answers at once; the stop file exists from the first request on.
    writeFileSync(
      join(dir, 'curl'),
      `#!/bin/sh\ntouch ${stop}\necho served-by r1\necho; echo "@@ 200 0.001 http://a/"\n`,
      { mode: 0o755 },
    );
    const script = loadScript(['http://a/'], 60, 2, stop).replace('rm -f "$stop"', ':');
    let out: string;
    try {
      out = execFileSync('sh', ['-c', script], {
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      }).toString();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Without the stop file two loops would answer for 60 s; with it each sends at most one request.
    const n = parseAnswers(out).length;
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(2);
  });
});

describe('step recorder', () => {
  it('summarises observations and forwards steps, marks and points to its sinks', () => {
    const seen: string[] = [];
    const r = new StepRecorder(() => 1234);
    r.attach({
      setStep: (n, i) => seen.push(`step ${n} ${i}`),
      mark: (n) => seen.push(`mark ${n}`),
      record: (p) => seen.push(`point ${p.measurement}`),
    });
    r.setStep('ramp', 1);
    r.mark('full');
    r.record({ measurement: 'chaos', tags: {}, fields: { x: 1 }, timeMs: 1 });
    for (const v of [4, 1, 3, 2]) r.observe('scale.step_rate', v);
    r.add('chaos.tasks_lost', 0);
    r.add('chaos.tasks_lost', 2);
    const m = r.metrics();
    expect(seen).toEqual(['step setup -1', 'step ramp 1', 'mark full', 'point chaos']);
    expect(r.marks).toEqual([{ name: 'full', timeMs: 1234 }]);
    expect(m['scale.step_rate.min']).toEqual({ value: 1, unit: 'per_s', better: 'bigger' });
    expect(m['scale.step_rate.p50']!.value).toBe(2);
    expect(m['scale.step_rate.mean']!.value).toBe(2.5);
    expect(m['chaos.tasks_lost']).toEqual({ value: 2, unit: 'count', better: 'smaller' });
  });
});
