// Killing the leading manager of a 3-manager swarm: another is elected, the time is measured,
// and the next step reaches the swarm through the new leader.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-leader';

describe.sequential('leader kill', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('elects a new leader and keeps working through it', { timeout: 600_000 }, async () => {
    const r = await runScenarioCli(
      join('test', 'integration', 'scenario', 'fixtures', 'leader-kill.yaml'),
      CLUSTER,
      [],
    );
    expect(r.code).toBe(0);
    const rec = r.record!;
    expect(rec.cluster).toMatchObject({ managers: 3 });
    expect(rec.metrics['chaos.leader_election_time']!.value).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/chaos kill of the leading manager t-sc-it-leader-node-\d/);
    expect(r.stderr).toMatch(/new leader t-sc-it-leader-node-\d after/);
    expect(rec.steps.at(-1)).toMatchObject({ type: 'service.scale' });
    expect(rec.steps.every((s) => s.error === undefined)).toBe(true);
  });
});
