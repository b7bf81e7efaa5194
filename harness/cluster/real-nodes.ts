// The cluster's real (dind) nodes with the outer engine each runs on: what everything that execs
// into nodes needs (pre-pull, the cold image cache, the nested start rate and the engines' task
// records on workers; the manager collector's scrapes on managers). Hollow workers run no engine;
// a node whose host has no engine here is listed with none, so the caller can name it.
import type { Engine } from '../docker/engine.js';
import { execIn } from '../docker/exec.js';
import type { ClusterHandle, NodeInfo } from './types.js';

export interface RealNode {
  node: NodeInfo;
  engine: Engine | undefined;
}

async function realNodes(cluster: ClusterHandle, role: NodeInfo['role']): Promise<RealNode[]> {
  const engines = new Map(cluster.outerEngines().map((e) => [e.name, e]));
  return (await cluster.nodes())
    .filter((n) => n.role === role && !n.hollow)
    .map((node) => ({ node, engine: engines.get(node.host) }));
}

export const realWorkers = (cluster: ClusterHandle) => realNodes(cluster, 'worker');
export const realManagers = (cluster: ClusterHandle) => realNodes(cluster, 'manager');

/** Runs a command inside the node. Never throws: a node whose host has no engine here, or an exec
 *  that fails, is exit code -1 with the reason as its output. */
export async function execOnNode(
  w: RealNode,
  cmd: string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string }> {
  if (!w.engine) return { exitCode: -1, output: `no engine for host ${w.node.host}` };
  return execIn(w.engine, w.node.containerId, cmd, { timeoutMs }).catch((e: Error) => ({
    exitCode: -1,
    output: e.message,
  }));
}
