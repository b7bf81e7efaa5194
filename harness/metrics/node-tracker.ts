// Node states and leadership over time: counts of Ready / Down / Unknown nodes and every change
// of leader, detected between successive node lists.
import type { SwarmNode } from '../docker/swarm-read.js';

export interface NodeCounts {
  ready: number;
  down: number;
  unknown: number;
  disconnected: number;
  managers: number;
  workers: number;
  drained: number;
  hollow: number;
}

export interface LeaderChange {
  leader: string;
  previous: string;
  leaderHostname: string;
}

export function countNodes(nodes: readonly SwarmNode[]): NodeCounts {
  const c: NodeCounts = {
    ready: 0,
    down: 0,
    unknown: 0,
    disconnected: 0,
    managers: 0,
    workers: 0,
    drained: 0,
    hollow: 0,
  };
  for (const n of nodes) {
    if (n.state === 'ready') c.ready++;
    else if (n.state === 'down') c.down++;
    else if (n.state === 'disconnected') c.disconnected++;
    else c.unknown++;
    if (n.role === 'manager') c.managers++;
    else c.workers++;
    if (n.availability === 'drain') c.drained++;
    if (n.hollow) c.hollow++;
  }
  return c;
}

export class LeaderTracker {
  private current: string | undefined;

  /** Returns a change when the leader differs from the last list that named one. */
  observe(nodes: readonly SwarmNode[]): LeaderChange | undefined {
    const leader = nodes.find((n) => n.leader);
    if (!leader) return undefined; // an election in progress: no leader yet, not a change
    if (leader.id === this.current) return undefined;
    const previous = this.current ?? '';
    this.current = leader.id;
    return { leader: leader.id, previous, leaderHostname: leader.hostname };
  }

  get leader(): string | undefined {
    return this.current;
  }
}
