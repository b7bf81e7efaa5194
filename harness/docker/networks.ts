// Networks on an outer engine: the cluster's attachable overlay, the subnets already taken
// (to refuse a colliding --subnet), (dis)connecting a node for chaos, and plain bridges.
import { tolerate, type Engine } from './engine.js';
import { labelFilter } from './labels-filter.js';

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  subnets: string[];
  labels: Record<string, string>;
}

export async function listNetworks(
  engine: Engine,
  labels?: Record<string, string | undefined>,
): Promise<NetworkSummary[]> {
  const list = await engine.api.listNetworks(labels ? { filters: { label: labelFilter(labels) } } : {});
  return list.map((n) => ({
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => !!s),
    labels: n.Labels ?? {},
  }));
}

export async function createOverlay(
  engine: Engine,
  opts: { name: string; subnet: string; labels: Record<string, string>; attachable?: boolean; ingress?: boolean },
): Promise<string> {
  const net = await engine.api.createNetwork({
    Name: opts.name,
    Driver: 'overlay',
    Attachable: opts.attachable ?? true,
    Ingress: opts.ingress ?? false,
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: opts.subnet }] },
    Labels: opts.labels,
  });
  return net.id;
}

/** A local bridge network (the engine picks its subnet, returned here). */
export async function createBridge(
  engine: Engine,
  name: string,
  labels: Record<string, string>,
): Promise<{ id: string; subnet: string }> {
  const net = await engine.api.createNetwork({ Name: name, Driver: 'bridge', Labels: labels });
  const info = (await net.inspect()) as { IPAM?: { Config?: { Subnet?: string }[] } };
  return { id: net.id, subnet: info.IPAM?.Config?.[0]?.Subnet ?? '' };
}

export async function removeNetwork(engine: Engine, idOrName: string): Promise<void> {
  await tolerate(engine.api.getNetwork(idOrName).remove(), 404);
}

export async function disconnectContainer(engine: Engine, network: string, containerId: string): Promise<void> {
  await tolerate(engine.api.getNetwork(network).disconnect({ Container: containerId, Force: true }), 404);
}

export async function connectContainer(engine: Engine, network: string, containerId: string): Promise<void> {
  await tolerate(engine.api.getNetwork(network).connect({ Container: containerId }), 403, 409);
}

/** A container's IPv4 address on a network (without the prefix length), or undefined when it has none. */
export async function containerAddressOn(
  engine: Engine,
  network: string,
  containerId: string,
): Promise<string | undefined> {
  const info = await tolerate(engine.api.getNetwork(network).inspect(), 404);
  const containers = (info?.Containers ?? {}) as Record<string, { IPv4Address?: string }>;
  const hit = Object.entries(containers).find(
    ([id]) => id === containerId || id.startsWith(containerId) || containerId.startsWith(id),
  );
  return hit?.[1].IPv4Address?.split('/')[0] || undefined;
}
