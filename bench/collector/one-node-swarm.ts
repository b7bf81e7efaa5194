// A one-node swarm for the collector bench: one dind manager (which also runs tasks) on the local
// engine, its API on a unix socket in a temp dir, the workload image copied in. Everything carries
// the label swarmbench.run=<id> and is removed by remove().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeContainer, runContainer } from '../../harness/docker/containers.js';
import { connect, type Engine } from '../../harness/docker/engine.js';
import { answers } from '../../harness/docker/host-info.js';
import { copyImage } from '../../harness/docker/image-transfer.js';
import { initSwarm } from '../../harness/docker/swarm.js';
import { removeVolume } from '../../harness/docker/volumes.js';
import { retryUntil } from '../../harness/util/retry.js';

export interface OneNodeSwarm {
  name: string;
  containerId: string;
  inner: Engine;
  remove(): Promise<void>;
}

export async function oneNodeSwarm(outer: Engine, name: string): Promise<OneNodeSwarm> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const api = join(dir, 'api');
  let containerId: string | undefined;
  const remove = async () => {
    if (containerId) await removeContainer(outer, containerId).catch(() => undefined);
    await removeVolume(outer, name).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    containerId = await runContainer(outer, {
      name,
      hostname: name,
      image: 'swarmbench/node:latest',
      labels: { 'swarmbench.run': name },
      mode: 'capabilities',
      binds: [`${name}:/var/lib/docker`, `${api}:/run/swarmbench-api`],
      cmd: ['-H', 'unix:///var/run/docker.sock', '-H', 'unix:///run/swarmbench-api/docker.sock'],
    });
    const inner = connect({ name, url: `unix://${api}/docker.sock` });
    await retryUntil(
      () => answers(inner),
      (ok) => ok,
      {
        timeoutMs: 120_000,
        onTimeout: () => new Error(`the bench node's engine did not answer within 120 s`),
      },
    );
    await initSwarm(inner, { advertiseAddr: '127.0.0.1' });
    await copyImage(outer, inner, 'swarmbench/alpine:latest');
    return { name, containerId, inner, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}
