// Step 2 of `up`: the cluster's attachable overlay on the outer swarm, /16 by default, created
// once per cluster; its labels hold the cluster's settings. A subnet that collides with any
// network on any outer host is refused before anything is created.
import { BadInputError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { createOverlay, listNetworks, type NetworkSummary } from '../docker/networks.js';
import { clusterFilter, labelsFor, LABEL } from './labels.js';
import { networkName } from './names.js';
import { IPVS_LABEL, ROUTING_MESH_LABEL } from './runtime.js';
import { overlaps, parseCidr, pickFreeSubnet } from './subnet.js';
import type { NodeMode } from './types.js';

export interface NetworkResult {
  name: string;
  subnet: string;
  labels: Record<string, string>;
  created: boolean;
}

export async function ensureClusterNetwork(
  engines: Engine[],
  cluster: string,
  opts: { subnet?: string; nodeMode: NodeMode; ipvs: boolean; routingMesh: boolean },
): Promise<NetworkResult> {
  const local = engines[0]!;
  const name = networkName(cluster);
  const mine = (await listNetworks(local, clusterFilter(cluster, 'network'))).find((n) => n.name === name);
  if (mine) {
    const subnet = mine.labels[LABEL.subnet] ?? mine.subnets[0] ?? '';
    if (opts.subnet && parseCidr(opts.subnet).text !== subnet) {
      throw new BadInputError(`cluster "${cluster}" already uses subnet ${subnet}, not ${opts.subnet}`, {
        fix: 'leave --subnet out, or `swarmbench down` the cluster first',
      });
    }
    return { name, subnet, labels: mine.labels, created: false };
  }
  // Several `up`s at once may pick the same free /16: the engine refuses the second, which then picks again.
  for (let attempt = 1; ; attempt++) {
    const taken = (await Promise.all(engines.map((e) => listNetworks(e)))).flat();
    const subnet = opts.subnet ?? pickFreeSubnet(taken.flatMap((n) => n.subnets));
    refuseCollision(subnet, taken);
    const labels = labelsFor(cluster, 'network', {
      [LABEL.subnet]: parseCidr(subnet).text,
      [LABEL.nodeMode]: opts.nodeMode,
      [IPVS_LABEL]: String(opts.ipvs),
      [ROUTING_MESH_LABEL]: String(opts.routingMesh),
    });
    try {
      await createOverlay(local, { name, subnet: parseCidr(subnet).text, labels });
      return { name, subnet: parseCidr(subnet).text, labels, created: true };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (opts.subnet || attempt >= 5 || !/overlap/i.test(msg)) throw err;
    }
  }
}

/**
 * Refuses a --subnet that collides, before anything is created (bad input must leave no trace).
 * A cluster that already exists is left to ensureClusterNetwork, which knows its subnet.
 */
export async function checkSubnetEarly(local: Engine, cluster: string, subnet: string | undefined): Promise<void> {
  if (!subnet) return;
  const all = await listNetworks(local);
  if (all.some((n) => n.labels[LABEL.cluster] === cluster && n.labels[LABEL.role] === 'network')) return;
  refuseCollision(subnet, all);
}

function refuseCollision(subnet: string, taken: NetworkSummary[]): void {
  const wanted = parseCidr(subnet);
  for (const n of taken) {
    const clash = n.subnets.find((s) => {
      try {
        return overlaps(parseCidr(s), wanted);
      } catch {
        return false;
      }
    });
    if (clash) {
      throw new BadInputError(`subnet ${subnet} collides with network "${n.name}" (${clash})`, {
        fix: 'pick a free range with --subnet, or leave it out to have one chosen',
      });
    }
  }
}
