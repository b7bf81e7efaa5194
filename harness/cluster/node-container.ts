// One node container: its data volume, its labels, the dockerd flags it runs with, and (for
// managers) the directory where its API socket appears on the outer host.
import { mkdirSync, rmSync } from 'node:fs';
import type { Engine } from '../docker/engine.js';
import { removeContainer, runContainer } from '../docker/containers.js';
import { createVolume, removeOwnVolume } from '../docker/volumes.js';
import { labelsFor, LABEL } from './labels.js';
import { NODE_API_DIR, nodeName, nodeSocketDir, registryName, volumeName } from './names.js';
import type { NodeMode, NodeRole } from './types.js';

export interface NodeSpec {
  cluster: string;
  index: number;
  role: NodeRole;
  host: string;
  mode: NodeMode;
  image: string;
  network: string;
}

/** Where a manager's engine serves its Prometheus metrics (swarmkit's among them): on the node's
 *  own loopback, so only a process inside the node reaches it (metrics/collectors/manager.ts). */
export const MANAGER_METRICS_PORT = 9323;

/**
 * dockerd flags: trust the cluster's registry (and nothing else) over plain HTTP; managers
 * also listen on a unix socket in a directory bind-mounted from the outer host, so the
 * harness reaches their API without any TCP port.
 */
export function dockerdArgs(cluster: string, role: NodeRole): string[] {
  const args = ['--insecure-registry', `${registryName(cluster)}:5000`, '-H', 'unix:///var/run/docker.sock'];
  if (role === 'manager')
    args.push('-H', `unix://${NODE_API_DIR}/docker.sock`, '--metrics-addr', `127.0.0.1:${MANAGER_METRICS_PORT}`);
  return args;
}

/**
 * The swarm's manager port (CA, dispatcher). Not published: hollow workers dial it at the
 * manager's docker_gwbridge address (cluster/hollow.ts), past Docker's userland proxy.
 */
export const SWARM_PORT = 2377;

export async function startNode(engine: Engine, spec: NodeSpec): Promise<string> {
  const name = nodeName(spec.cluster, spec.index);
  const volume = volumeName(spec.cluster, spec.index);
  await createVolume(
    engine,
    volume,
    labelsFor(spec.cluster, 'volume', { [LABEL.node]: name, [LABEL.host]: spec.host }),
  );
  const binds = [`${volume}:/var/lib/docker`];
  if (spec.role === 'manager') {
    const dir = nodeSocketDir(spec.cluster, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    binds.push(`${dir}:${NODE_API_DIR}`);
  }
  return runContainer(engine, {
    name,
    hostname: name,
    image: spec.image,
    cmd: dockerdArgs(spec.cluster, spec.role),
    labels: labelsFor(spec.cluster, spec.role, { [LABEL.host]: spec.host, [LABEL.index]: String(spec.index) }),
    binds,
    network: spec.network,
    mode: spec.mode,
  });
}

/** Removes a node's container, its data volume and its socket directory. */
export async function destroyNode(
  engine: Engine,
  cluster: string,
  node: { name: string; containerId: string; index: number },
): Promise<void> {
  await removeContainer(engine, node.containerId);
  await removeOwnVolume(engine, volumeName(cluster, node.index), { [LABEL.cluster]: cluster });
  rmSync(nodeSocketDir(cluster, node.name), { recursive: true, force: true });
}
