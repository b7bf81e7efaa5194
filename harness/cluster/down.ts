// `down`: stops every node of a host together, then removes every container, volume and network
// labelled for a cluster on every outer host swarmbench knows (found by labels, never by name
// patterns), then undoes what swarmbench did to the outer swarm once no cluster uses it any more.
import { rmSync } from 'node:fs';
import pLimit from 'p-limit';
import type { Engine } from '../docker/engine.js';
import { killContainer, listContainers, removeContainer } from '../docker/containers.js';
import { killContainerProcesses } from '../docker/kill-processes.js';
import { listNetworks, removeNetwork } from '../docker/networks.js';
import { leaveOuterSwarm } from '../docker/outer-swarm.js';
import { listVolumes, removeVolume } from '../docker/volumes.js';
import { withBackoff } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { downHollow } from './hollow.js';
import { clusterFilter, LABEL } from './labels.js';
import { clusterSocketDir } from './names.js';
import { clusterNames, outerEngines } from './runtime.js';

export interface DownReport {
  cluster: string;
  containers: number;
  volumes: number;
  networks: number;
  /** Node containers stopped together before any removal: straight through the kernel, or by their engine. */
  nodesKilled: { kernel: number; engine: number };
  /** Outer hosts that left the outer swarm because swarmbench had put them there. */
  leftOuterSwarm: string[];
}

export interface DownOptions {
  log?: Logger;
  /** Never leave the outer swarm (tests on a shared engine; other tools using it). */
  keepOuterSwarm?: boolean;
}

export async function downCluster(local: Engine, cluster: string, opts: DownOptions = {}): Promise<DownReport> {
  const report: DownReport = {
    cluster,
    containers: 0,
    volumes: 0,
    networks: 0,
    nodesKilled: { kernel: 0, engine: 0 },
    leftOuterSwarm: [],
  };
  // Hollow workers first: their processes would otherwise retry against a vanishing manager.
  await downHollow(local, cluster, opts.log).catch((err: Error) =>
    opts.log?.warn(`hollow workers of ${cluster}: ${err.message}`),
  );
  // This host's nodes first, on one listing: on an overloaded host every engine call is slow.
  await killNodesAtOnce(local, cluster, report, opts.log);
  const engines = [...(await outerEngines(local)).values()];
  const limit = pLimit(8);
  for (const engine of engines) if (engine !== local) await killNodesAtOnce(engine, cluster, report, opts.log);
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
      if (containers.length > 0)
        opts.log?.progress(`down ${cluster}: ${done}/${containers.length} containers removed on ${engine.name}`, {
          force: true,
        });
      found += containers.length;
    }
    report.containers += found;
    if (found === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const engine of engines) {
    const volumes = await listVolumes(engine, clusterFilter(cluster)).catch(() => []);
    await Promise.all(
      volumes.map((v) => limit(() => withBackoff(() => removeVolume(engine, v), { attempts: 5, initialMs: 500 }))),
    );
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
    report.leftOuterSwarm = await leaveOuterSwarm(local, async () => (await clusterNames(local)).length > 0).catch(
      (err: Error) => {
        opts.log?.warn(`outer swarm left as it is: ${err.message}`);
        return [];
      },
    );
  }
  return report;
}

/**
 * Kills every running node of the cluster on one outer host before anything is removed. Nodes
 * removed a few at a time leave the others gossiping about the missing ones, and at a couple
 * of hundred nodes that gossip alone starves the host (see harness/docker/kill-processes.ts).
 */
async function killNodesAtOnce(engine: Engine, cluster: string, report: DownReport, log?: Logger): Promise<void> {
  try {
    const nodes = (await listContainers(engine, clusterFilter(cluster))).filter(
      (c) => c.state === 'running' && (c.labels[LABEL.role] === 'manager' || c.labels[LABEL.role] === 'worker'),
    );
    const { killed, elsewhere } = await killContainerProcesses(nodes.map((c) => c.id));
    // Not on this machine: every kill request at once, so that engine stops them together too.
    const limit = pLimit(64);
    await Promise.all(elsewhere.map((id) => limit(() => killContainer(engine, id).catch(() => undefined))));
    report.nodesKilled.kernel += killed.length;
    report.nodesKilled.engine += elsewhere.length;
    if (nodes.length > 0) {
      log?.info(
        `down ${cluster}: stopped ${nodes.length} nodes on ${engine.name} together (${killed.length} through the kernel, ${elsewhere.length} by the engine)`,
      );
    }
  } catch (err) {
    log?.warn(`cannot stop the nodes on ${engine.name} together, removing them one by one: ${(err as Error).message}`);
  }
}
