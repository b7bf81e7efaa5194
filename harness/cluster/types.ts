// What the rest of the harness sees of a cluster: the nodes (dind containers and hollow workers),
// the outer engines they run on, and the inner manager's API. Implemented by cluster/; used by
// scenario/ (steps, chaos), metrics/ (collectors) and cli/ (status).
import type { NodeMode } from '../docker/containers.js';
import type { Engine } from '../docker/engine.js';
import type { FleetStats } from '../hollow/fleet.js';

// Defined where node containers are made (docker/ depends on nothing above it); named here too.
export type { NodeMode };
export type NodeRole = 'manager' | 'worker';
export type ChaosAction = 'restart' | 'kill' | 'pause' | 'disconnect';

export interface NodeInfo {
  /** Container name on the outer host, also the inner node's hostname: "<cluster>-node-3". */
  name: string;
  role: NodeRole;
  /** The outer host (engine spec name) the node container runs on. */
  host: string;
  containerId: string;
  /** The inner swarm's node ID, once joined. */
  nodeId?: string;
  /** Address on the cluster overlay. */
  address?: string;
  hollow: boolean;
}

export interface ClusterInfo {
  name: string;
  subnet: string;
  nodeMode: NodeMode;
  /** Whether the inner routing mesh can work here (IPVS present). */
  ipvs: boolean;
  /** The registry the inner nodes pull workload images from: "<host>:5000". */
  registry: string;
}

export interface ChaosOptions {
  /** For pause/disconnect: how long before the node is unpaused/reconnected (ms). Omitted: stays so. */
  durationMs?: number;
}

/** A running cluster. Disposable: `await using` tears nothing down; it only closes connections. */
export interface ClusterHandle {
  readonly info: ClusterInfo;
  /** The inner swarm's leading manager, reached over a unix socket or loopback port on the outer host. */
  manager(): Promise<Engine>;
  /** The outer engines, by host name. */
  outerEngines(): Engine[];
  nodes(): Promise<NodeInfo[]>;
  addNodes(count: number): Promise<NodeInfo[]>;
  removeNodes(count: number, opts?: { drain?: boolean }): Promise<NodeInfo[]>;
  chaos(action: ChaosAction, nodes: NodeInfo[], opts?: ChaosOptions): Promise<void>;
  /** Workload image reference as inner nodes pull it, e.g. imageRef('alpine') = "<registry>/alpine:latest". */
  imageRef(logical: 'alpine' | 'nginx'): string;
  /** Health of the hollow-worker processes, per process (undefined: the cluster runs none). */
  hollowStats?(): Promise<FleetStats[] | undefined>;
  close(): Promise<void>;
}
