// InfluxDB for a cluster (`up --with-influx`). A container this creates carries the cluster's
// label, so `down` removes it with the rest of the cluster (its data volume stays: the runs'
// metrics outlive the cluster). One that was already running (another cluster's, or started by
// hand) is only used: it has no label of ours, so `down` leaves it alone.
import type { Engine } from '../docker/engine.js';
import { listContainers } from '../docker/containers.js';
import { inspectImage } from '../docker/images.js';
import {
  ensureInfluxContainer,
  type InfluxContainer,
  type InfluxContainerOptions,
} from '../docker/influx-container.js';
import { InfrastructureError } from '../errors.js';
import { CATALOG } from '../images/catalog.js';
import { clusterFilter, LABEL } from './labels.js';

export async function startClusterInflux(
  local: Engine,
  cluster: string,
  o: Omit<InfluxContainerOptions, 'labels'> = {},
): Promise<InfluxContainer> {
  const port = o.port ?? 8086;
  const url = `http://127.0.0.1:${port}`;
  const image = o.image ?? CATALOG.influxdb.ref;
  if (!(await inspectImage(local, image))) {
    throw new InfrastructureError(`the InfluxDB image ${image} is not on engine "${local.name}"`, {
      fix: 'build it with `swarmbench images build` (no registry is needed)',
    });
  }
  return ensureInfluxContainer(local, {
    ...o,
    port,
    image,
    labels: { [LABEL.cluster]: cluster, [LABEL.influxUrl]: url },
  });
}

/** The URL of the InfluxDB started for this cluster, if `up --with-influx` started one. */
export async function clusterInfluxUrl(local: Engine, cluster: string): Promise<string | undefined> {
  const mine = await listContainers(local, clusterFilter(cluster, 'influxdb'));
  return mine.find((c) => c.state === 'running' && c.labels[LABEL.influxUrl])?.labels[LABEL.influxUrl];
}
