// InfluxDB as a container on the local engine, for `swarmbench up --with-influx`: the same
// service docker-compose.yml describes (image from the catalog, data in a named volume, API on
// the loopback only), started through the engine API so no compose binary is needed.
import { listContainers, runContainer } from './containers.js';
import type { Engine } from './engine.js';
import { InfrastructureError } from '../errors.js';
import { fetchWithin } from '../util/fetch.js';
import { retryUntil } from '../util/retry.js';

export interface InfluxContainerOptions {
  /** The catalog's influxdb image (built locally when no registry is reachable). */
  image?: string;
  /** Host port on 127.0.0.1. */
  port?: number;
  name?: string;
  volume?: string;
  timeoutMs?: number;
  /** Extra labels when this call creates the container (e.g. the cluster it was started for). */
  labels?: Record<string, string>;
}

export interface InfluxContainer {
  id: string;
  url: string;
  /** False when a container from an earlier `up` was already running. */
  created: boolean;
}

export const INFLUX_LABELS = { 'swarmbench.role': 'influxdb', 'swarmbench.created-by': 'swarmbench' };

/** Starts the InfluxDB container unless it runs already; resolves once /ping answers. */
export async function ensureInfluxContainer(engine: Engine, o: InfluxContainerOptions = {}): Promise<InfluxContainer> {
  const port = o.port ?? 8086;
  const name = o.name ?? 'swarmbench-influxdb';
  const url = `http://127.0.0.1:${port}`;
  const existing = (await listContainers(engine, INFLUX_LABELS)).find((c) => c.name === name);
  let id: string;
  let created = false;
  if (existing) {
    id = existing.id;
    if (existing.state !== 'running') await engine.api.getContainer(id).start();
  } else {
    id = await runContainer(engine, {
      name,
      image: o.image ?? 'swarmbench/influxdb:latest',
      labels: { ...o.labels, ...INFLUX_LABELS },
      binds: [`${o.volume ?? 'swarmbench-influxdb'}:/var/lib/influxdb`],
      loopbackPorts: { 8086: port },
      restartAlways: true,
    });
    created = true;
  }
  await waitForPing(url, o.timeoutMs ?? 60_000);
  return { id, url, created };
}

/** Waits until InfluxDB at url answers /ping with 204. */
export async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const ping = () =>
    fetchWithin(`${url}/ping`, {}, 2000).then(
      (res) => (res.status === 204 ? 'ok' : `HTTP ${res.status}`),
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
  await retryUntil(ping, (answer) => answer === 'ok', {
    timeoutMs,
    intervalMs: 300,
    onTimeout: (last) =>
      new InfrastructureError(
        `InfluxDB at ${url} did not answer /ping within ${timeoutMs} ms (${last ?? 'no answer'})`,
        {
          fix: 'see `docker logs swarmbench-influxdb`; is the port taken by another InfluxDB?',
        },
      ),
  });
}
