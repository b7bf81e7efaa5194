// Step 3 of `up`: the cluster's registry on the overlay, holding the workload images, so inner
// nodes pull over the network as real nodes pull from a registry. The local engine pushes
// through a port published on its loopback (engines allow plain HTTP to localhost registries).
import { InfrastructureError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { inspectContainer, listContainers, runContainer, startContainer } from '../docker/containers.js';
import { hasImage, pushAs } from '../docker/image-transfer.js';
import { withBackoff } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { clusterFilter, labelsFor } from './labels.js';
import { registryName } from './names.js';

export type WorkloadImage = 'alpine' | 'nginx';

export async function ensureRegistry(
  local: Engine,
  cluster: string,
  network: string,
  images: { registry: string; workloads: Record<WorkloadImage, string> },
  log?: Logger,
): Promise<void> {
  // Pushed again on every `up`: cheap when the layers are there, and an `up` killed before its
  // pushes leaves a running registry without images.
  const existing = (await listContainers(local, clusterFilter(cluster, 'registry')))[0];
  let id = existing?.id;
  if (!id) {
    id = await runContainer(local, {
      name: registryName(cluster),
      image: images.registry,
      labels: labelsFor(cluster, 'registry'),
      network,
      loopbackPorts: { 5000: 0 },
    });
  } else if (existing?.state !== 'running') {
    await startContainer(local, id);
  }
  const port = (await inspectContainer(local, id))?.ports['5000/tcp'];
  if (!port) throw new InfrastructureError(`registry of cluster "${cluster}" has no published port`);
  for (const [logical, ref] of Object.entries(images.workloads)) {
    if (!(await hasImage(local, ref))) {
      log?.warn(
        `workload image ${ref} is missing; scenarios cannot use "${logical}" (run \`swarmbench images build\`)`,
      );
      continue;
    }
    // The registry answers a moment after its container starts: retry the push briefly.
    await withBackoff(() => pushAs(local, ref, `127.0.0.1:${port}/${logical}:latest`), {
      attempts: 8,
      initialMs: 250,
      maxMs: 3000,
    });
    log?.debug(`pushed ${ref} to the registry of ${cluster}`);
  }
}

/** How inner nodes name a workload image. */
export function innerImageRef(cluster: string, logical: WorkloadImage): string {
  return `${registryName(cluster)}:5000/${logical}:latest`;
}
