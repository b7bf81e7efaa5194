// `up --routing-mesh` keeps the inner ingress as a /16. It used to fail with 409 "network with
// name ingress already exists" because the swarm removes the default ingress asynchronously.
// An `up` interrupted between removing the default ingress and creating ours left none: the
// next `up` of the cluster puts it back.
import { afterAll, describe, expect, it } from 'vitest';
import { down, open } from '../../../harness/cluster/index.js';
import { listNetworks } from '../../../harness/docker/networks.js';
import { removeSwarmNetwork } from '../../../harness/docker/swarm.js';
import { retryUntil } from '../../../harness/util/retry.js';
import { runCli } from '../scenario/support.js';

const NAME = `t-mesh-${process.pid}`;

describe.sequential('up --routing-mesh', () => {
  afterAll(async () => {
    await down(NAME, { keepOuterSwarm: true }).catch(() => undefined);
  }, 300_000);

  it('keeps an inner ingress network with a /16 subnet', { timeout: 400_000 }, async () => {
    const r = await runCli(['up', '--cluster', NAME, '--nodes', '2', '--routing-mesh']);
    if (r.code !== 0) process.stderr.write(`--- up stderr ---\n${r.stderr}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 nodes Ready/);
    const cluster = await open(NAME);
    try {
      const ingress = (await listNetworks(await cluster.manager())).filter((n) => n.name === 'ingress');
      expect(ingress).toHaveLength(1);
      expect(ingress[0]!.subnets).toHaveLength(1);
      expect(ingress[0]!.subnets[0]).toMatch(/\/16$/);
    } finally {
      await cluster.close();
    }
  });

  it('a later up re-creates an ingress that an interrupted up left missing', { timeout: 400_000 }, async () => {
    const cluster = await open(NAME);
    try {
      const leader = await cluster.manager();
      await removeSwarmNetwork(leader, 'ingress');
      await retryUntil(
        async () => (await listNetworks(leader)).some((n) => n.name === 'ingress'),
        (present) => !present,
        {
          timeoutMs: 30_000,
          onTimeout: () => new Error('the inner ingress did not go'),
        },
      );
      const r = await runCli(['up', '--cluster', NAME, '--nodes', '2', '--routing-mesh']);
      expect(r.code).toBe(0);
      const ingress = (await listNetworks(leader)).filter((n) => n.name === 'ingress');
      expect(ingress.map((n) => n.subnets)).toEqual([[expect.stringMatching(/\/16$/)]]);
    } finally {
      await cluster.close();
    }
  });
});
