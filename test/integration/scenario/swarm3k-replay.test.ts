// swarm3k-replay at a tiny size with 3 managers: the ramp runs and the rate is measured.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-s3k';

describe.sequential('scenario swarm3k-replay', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('ramps on a 3-manager cluster and measures the rate', { timeout: 900_000 }, async () => {
    const r = await runScenarioCli('swarm3k-replay', CLUSTER, [
      '--set',
      'nodes=5',
      '--set',
      'containers=12',
      '--set',
      'ramp_steps=2',
      '--set',
      'hold=2s',
    ]);
    expect(r.code).toBe(0);
    const rec = r.record!;
    expect(rec.cluster).toMatchObject({ nodes: 5, managers: 3, workers: 2 });
    expect(rec.steps.filter((s) => s.type === 'service.scale').map((s) => s.name)).toEqual(['ramp n=6', 'ramp n=12']);
    expect(rec.metrics['tasks.started']!.value).toBe(12);
    expect(rec.slos.map((s) => s.verdict)).toEqual(['pass', 'pass']);
  });
});
