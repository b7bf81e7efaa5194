// Hollow workers with three managers: they spread over the managers they are given, and when
// one manager dies its workers move to another and come back Ready, as real agents do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HollowFleet } from '../../../harness/hollow/fleet.js';
import { docker, removeCluster, startManagers, waitFor, type TestManager } from './swarm-manager.js';

const WORKERS = 9;

describe.sequential('hollow workers with several managers', () => {
  let managers: TestManager[] = [];
  let fleet: HollowFleet | undefined;
  const hollowNodes = async (via: TestManager) => (await via.nodes()).filter((n) => n.hostname.startsWith('hm-'));

  beforeAll(async () => {
    managers = await startManagers(3);
    fleet = await HollowFleet.create({
      target: { address: managers.map((m) => m.address) },
      joinToken: await managers[0]!.workerToken(),
      hostnamePrefix: 'hm',
      joinConcurrency: 3,
    });
  });

  afterAll(async () => {
    fleet?.close();
    if (managers[0]) await removeCluster(managers[0].cluster);
  });

  it('joins through any manager and is Ready everywhere', async () => {
    const result = await fleet!.spawn(WORKERS);
    expect(result.failed).toEqual([]);
    await waitFor(
      'all Ready',
      () => hollowNodes(managers[1]!),
      (ns) => ns.filter((n) => n.status === 'Ready').length === WORKERS,
    );
  }, 180_000);

  it('when a manager dies, its workers move to another and are Ready again', async () => {
    const sessionsBefore = new Map(fleet!.list().map((w) => [w.hostname, w.sessions]));
    await docker('kill', managers[2]!.container);
    const nodes = await waitFor(
      'workers Ready after a manager died',
      async () => {
        const ns = await hollowNodes(managers[0]!);
        const moved = fleet!
          .list()
          .filter((w) => w.sessions > (sessionsBefore.get(w.hostname) ?? 0) && w.state === 'ready');
        return { ready: ns.filter((n) => n.status === 'Ready').length, moved: moved.length };
      },
      (s) => s.ready === WORKERS && s.moved >= WORKERS / 3,
      240_000,
    );
    expect(nodes.ready).toBe(WORKERS);
    expect(fleet!.list().every((w) => w.state === 'ready')).toBe(true);
  }, 300_000);
});
