// `up --routing-mesh` keeps the inner ingress as a /16. It used to fail with 409 "network with
// name ingress already exists" because the swarm removes the default ingress asynchronously.
import { afterAll, describe, expect, it } from 'vitest';
import { down, open } from '../../../harness/cluster/index.js';
import { listNetworks } from '../../../harness/docker/networks.js';
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
});
