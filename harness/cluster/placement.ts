// Where new nodes go: managers on the first outer host (the one whose file system the harness
// shares, so their API sockets are reachable), workers spread by free memory.
import type { NodeRole } from './types.js';

export interface HostCapacity {
  name: string;
  memTotal: number;
  /** Nodes of this cluster (and other load, in node-equivalents) already on the host. */
  nodes: number;
}

export interface Placement {
  index: number;
  role: NodeRole;
  host: string;
}

/** Memory a node is planned with (HOST-NOTES: 52 MB idle worker, 65 MB manager, more under load). */
export const PLANNED_NODE_BYTES = 128 * 1024 * 1024;

export function placeNodes(
  hosts: HostCapacity[],
  wanted: { index: number; role: NodeRole }[],
  perNode = PLANNED_NODE_BYTES,
): Placement[] {
  if (hosts.length === 0) throw new Error('placeNodes: no hosts');
  const load = new Map(hosts.map((h) => [h.name, h.nodes]));
  const free = (h: HostCapacity) => h.memTotal - (load.get(h.name) ?? 0) * perNode;
  return wanted.map((w) => {
    let host = hosts[0]!;
    if (w.role === 'worker') {
      // Most free memory wins; ties go to the earlier host so placement is deterministic.
      for (const h of hosts) if (free(h) > free(host)) host = h;
    }
    load.set(host.name, (load.get(host.name) ?? 0) + 1);
    return { index: w.index, role: w.role, host: host.name };
  });
}
