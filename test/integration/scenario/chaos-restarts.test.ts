// chaos-restarts at a small size with a fixed seed: every wave recovers, no task is lost, and the
// detection/reschedule/convergence intervals are recorded.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-chaos';

describe.sequential('scenario chaos-restarts', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('recovers from every wave with no task lost', { timeout: 900_000 }, async () => {
    const r = await runScenarioCli('chaos-restarts', CLUSTER, [
      '--set',
      'replicas=6',
      '--set',
      'settle=2s',
      '--set',
      'fraction=0.5',
      '--set',
      'outage=20s',
      '--nodes',
      '4',
      '--seed',
      '7',
    ]);
    expect(r.code).toBe(0);
    const rec = r.record!;
    expect(rec.seed).toBe(7);
    expect(rec.steps.filter((s) => s.type === 'chaos').map((s) => s.name)).toEqual([
      'wave action=restart',
      'wave action=pause',
      'wave action=disconnect',
      'crash',
    ]);
    expect(rec.metrics['chaos.tasks_lost']!.value).toBe(0);
    expect(rec.metrics['chaos.converge_time.max']!.value).toBeGreaterThan(0);
    // The pause outlasts the heartbeat timeout, so the manager must have marked the node Down.
    expect(rec.metrics['chaos.detect_time.max']!.value).toBeGreaterThan(0);
    expect(rec.slos.map((s) => s.verdict)).toEqual(['pass', 'pass']);
    expect(r.stderr).toMatch(/chaos pause of 2\/3 workers: t-sc-it-chaos-node-\d, t-sc-it-chaos-node-\d/);
  });
});
