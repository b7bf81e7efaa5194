// Shared by the cluster integration tests: counting what is labelled for a cluster on an
// engine, so each test can prove teardown left nothing behind.
import type { Engine } from '../../../harness/docker/engine.js';
import { listContainers } from '../../../harness/docker/containers.js';
import { listNetworks } from '../../../harness/docker/networks.js';
import { listVolumes } from '../../../harness/docker/volumes.js';
import { clusterFilter } from '../../../harness/cluster/labels.js';

export async function labelledObjects(
  engine: Engine,
  cluster: string,
): Promise<{ containers: number; volumes: number; networks: number }> {
  const [c, v, n] = await Promise.all([
    listContainers(engine, clusterFilter(cluster)),
    listVolumes(engine, clusterFilter(cluster)),
    listNetworks(engine, clusterFilter(cluster)),
  ]);
  return { containers: c.length, volumes: v.length, networks: n.length };
}
