// Names of the objects of one cluster, all derived from the cluster name and a node's ordinal,
// so a name never has to be stored. Also the one check of a cluster name.
import { join } from 'node:path';
import { BadInputError } from '../errors.js';

export const DEFAULT_CLUSTER = 'swarmbench';

const CLUSTER_NAME = /^[a-z][a-z0-9-]{0,29}$/;

export function checkClusterName(name: string): string {
  if (!CLUSTER_NAME.test(name)) {
    throw new BadInputError(`cluster name "${name}" is not usable`, {
      fix: 'use 1-30 characters: lower-case letters, digits and "-", starting with a letter',
    });
  }
  return name;
}

export const networkName = (cluster: string) => `${cluster}-net`;
export const registryName = (cluster: string) => `${cluster}-registry`;
export const nodeName = (cluster: string, index: number) => `${cluster}-node-${index}`;
export const volumeName = (cluster: string, index: number) => `${cluster}-node-${index}-data`;

/** Where manager API sockets appear on the first outer host (bind-mounted into the node). */
export function socketRoot(): string {
  return process.env.SWARMBENCH_SOCKET_ROOT ?? '/var/lib/swarmbench';
}
export const clusterSocketDir = (cluster: string) => join(socketRoot(), cluster);
export const nodeSocketDir = (cluster: string, node: string) => join(clusterSocketDir(cluster), node);
/** Inside the node: where its dockerd also listens, for the harness. */
export const NODE_API_DIR = '/run/swarmbench-api';
