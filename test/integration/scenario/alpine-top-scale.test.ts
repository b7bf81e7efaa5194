// alpine-top-scale end to end on a small cluster the run brings up and removes itself: exit 0,
// the resolved scenario, seed and SLO verdicts in the run directory, nothing left behind.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { labelledObjects } from '../cluster/support.js';
import { cleanupCluster, lastLine, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-alpine';

describe.sequential('scenario alpine-top-scale', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('ramps to the target, measures the rate per step, passes its SLOs', { timeout: 600_000 }, async () => {
    const r = await runScenarioCli('alpine-top-scale', CLUSTER, [
      '--set',
      'replicas=20',
      '--set',
      'steps=2',
      '--set',
      'settle=2s',
      '--nodes',
      '4',
      '--seed',
      '5',
    ]);
    expect(r.code).toBe(0);
    expect(lastLine(r.stderr)).toMatch(/exit 0: PASSED: all 2 SLOs met .*seed 5/);
    const rec = r.record!;
    expect(rec.status).toBe('passed');
    expect(rec.seed).toBe(5);
    expect(rec.params).toMatchObject({ replicas: 20, steps: 2 });
    expect(rec.cluster).toMatchObject({ nodes: 4, managers: 1, workers: 3 });
    expect(rec.steps.map((s) => s.name)).toEqual([
      'service.create',
      'ramp replicas=10',
      'ramp replicas=20',
      'mark',
      'sleep',
      'wait.converged',
    ]);
    expect(rec.slos.map((s) => [s.metric, s.verdict])).toEqual([
      ['scale.tasks_per_second', 'pass'],
      ['tasks.startup_latency.p99', 'pass'],
    ]);
    expect(rec.metrics['tasks.started']!.value).toBe(20);
    expect(rec.marks.map((m) => m.name)).toEqual(['target-reached']);
    const resolved = readFileSync(join(r.runDir, 'scenario.yaml'), 'utf8');
    expect(resolved).toMatch(/replicas: 20/);
    expect(resolved).not.toMatch(/\$\{/);
    expect(readFileSync(join(r.runDir, 'seed'), 'utf8').trim()).toBe('5');
    expect(existsSync(join(r.runDir, 'run.log'))).toBe(true);
    expect(await labelledObjects(connect(), CLUSTER)).toEqual({ containers: 0, volumes: 0, networks: 0 });

    // The measurement registry changed how figures are named and given units; summary.json must
    // hold the same names, units and directions as a run made before it (same arguments).
    const before = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../fixtures/summary/alpine-top-scale-metrics.json'), 'utf8'),
    ) as {
      metrics: Record<string, { unit: string; better: string }>;
      optional: Record<string, { unit: string; better: string }>;
    };
    const calibrated = existsSync(join(r.runDir, 'calibration.json'));
    const expected = Object.entries(before.metrics).filter(
      ([name]) => calibrated || (!name.startsWith('scale.calibrated_rate') && name !== 'scale.fraction_of_hardware'),
    );
    const summary = JSON.parse(readFileSync(join(r.runDir, 'summary.json'), 'utf8')) as {
      metrics: Record<string, { unit: string; better: string }>;
    };
    const now = Object.entries(summary.metrics).map(([name, m]) => [name, { unit: m.unit, better: m.better }]);
    // A task phase's figures exist only when some look caught both its ends (timing decides):
    // those present must be the fixture's optional names with its units; the rest, exactly the names.
    const [optional, required] = [
      now.filter(([name]) => (name as string) in before.optional),
      now.filter(([name]) => !((name as string) in before.optional)),
    ];
    expect(Object.fromEntries(required)).toEqual(Object.fromEntries(expected));
    for (const [name, m] of optional) expect(m).toEqual(before.optional[name as string]);
  });
});
