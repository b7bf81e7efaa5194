// `down`: removes every container, volume and network labelled for a cluster on every outer
// host swarmbench knows (found by labels, never by name patterns), then undoes what swarmbench
// did to the outer swarm once no cluster uses it any more.
import { rmSync } from 'node:fs';
import pLimit from 'p-limit';
import type { Engine } from '../docker/engine.js';
import { listContainers, removeContainer } from '../docker/containers.js';
import { listNetworks, removeNetwork } from '../docker/networks.js';
import { leaveOuterSwarm } from '../docker/outer-swarm.js';
import { listVolumes, removeVolume } from '../docker/volumes.js';
import { withBackoff } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { downHollow } from './hollow.js';
import { clusterFilter } from './labels.js';
import { clusterSocketDir } from './names.js';
import { clusterNames, outerEngines } from './runtime.js';

export interface DownReport {
  cluster: string;
  containers: number;
  volumes: number;
  networks: number;
  /** Outer hosts that left the outer swarm because swarmbench had put them there. */
  leftOuterSwarm: string[];
}

export interface DownOptions {
  log?: Logger;
  /** Never leave the outer swarm (tests on a shared engine; other tools using it). */
  keepOuterSwarm?: boolean;
}

export async function downCluster(local: Engine, cluster: string, opts: DownOptions = {}): Promise<DownReport> {
  const report: DownReport = { cluster, containers: 0, volumes: 0, networks: 0, leftOuterSwarm: [] };
  const engines = [...(await outerEngines(local)).values()];
  const limit = pLimit(8);
  // Hollow workers first: their processes would otherwise retry against a vanishing manager.
  await downHollow(local, cluster, opts.log).catch((err: Error) => opts.log?.warn(`hollow workers of ${cluster}: ${err.message}`));
  // Containers first everywhere: the overlay cannot go while any host still has an endpoint on it.
  // Sweep until a pass finds nothing: a harness killed mid-create leaves requests the engine
  // still completes after our first listing.
  for (let pass = 0; pass < 5; pass++) {
    let found = 0;
    for (const engine of engines) {
      const containers = await listContainers(engine, clusterFilter(cluster)).catch((err: Error) => {
        opts.log?.warn(`cannot list containers on ${engine.name}: ${err.message}`);
        return [];
      });
      let done = 0;
      await Promise.all(
        containers.map((c) =>
          limit(async () => {
            await withBackoff(() => removeContainer(engine, c.id), { attempts: 5, initialMs: 500 });
            opts.log?.progress(`down ${cluster}: ${++done}/${containers.length} containers removed on ${engine.name}`);
          }),
        ),
      );
      if (containers.length > 0) opts.log?.progress(`down ${cluster}: ${done}/${containers.length} containers removed on ${engine.name}`, { force: true });
      found += containers.length;
    }
    report.containers += found;
    if (found === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const engine of engines) {
    const volumes = await listVolumes(engine, clusterFilter(cluster)).catch(() => []);
    await Promise.all(volumes.map((v) => limit(() => withBackoff(() => removeVolume(engine, v), { attempts: 5, initialMs: 500 }))));
    report.volumes += volumes.length;
  }
  for (const engine of [...engines].reverse()) {
    const networks = await listNetworks(engine, clusterFilter(cluster)).catch(() => []);
    for (const n of networks) {
      // Endpoints of just-removed containers take a moment to be released.
      await withBackoff(() => removeNetwork(engine, n.id), { attempts: 8, initialMs: 500, maxMs: 5000 });
      report.networks++;
    }
  }
  rmSync(clusterSocketDir(cluster), { recursive: true, force: true });
  if (!opts.keepOuterSwarm) {
    report.leftOuterSwarm = await leaveOuterSwarm(local, async () => (await clusterNames(local)).length > 0).catch((err: Error) => {
      opts.log?.warn(`outer swarm left as it is: ${err.message}`);
      return [];
    });
  }
  return report;
}
