// The rest of the step library against a real engine: global services, scale without waiting,
// wait.converged all, rolling update, nodes.add/remove, service.remove.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-steps';

describe.sequential('every step type', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('runs each step and records what it measures', { timeout: 900_000 }, async () => {
    const r = await runScenarioCli(join('test', 'integration', 'scenario', 'fixtures', 'every-step.yaml'), CLUSTER, []);
    expect(r.code).toBe(0);
    const rec = r.record!;
    expect(rec.steps.every((s) => s.error === undefined && s.endMs !== undefined)).toBe(true);
    expect(rec.steps).toHaveLength(10);
    expect(rec.metrics['update.duration.max']!.value).toBeGreaterThan(0);
    expect(rec.metrics['nodes.add_time.max']!.value).toBeGreaterThan(0);
    // a: 2 at create, +2 measured when wait.converged settled the scale that did not wait.
    expect(rec.metrics['tasks.started']!.value).toBeGreaterThanOrEqual(4);
    expect(r.stderr).toMatch(/service a: update done in/);
    expect(r.stderr).toMatch(/nodes.remove: t-sc-it-steps-node-\d+ removed/);
  });
});
