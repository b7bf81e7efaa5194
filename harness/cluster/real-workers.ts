// The cluster's real (dind) workers with the outer engine each runs on: what every step that
// execs into workers needs (pre-pull, the cold image cache, the nested start rate, the engines'
// task records). Hollow workers run no engine; a worker whose host has no engine here is listed
// with none, so the caller can name it.
import type { Engine } from '../docker/engine.js';
import { execIn } from '../docker/exec.js';
import type { ClusterHandle, NodeInfo } from './types.js';

export interface RealWorker {
  node: NodeInfo;
  engine: Engine | undefined;
}

export async function realWorkers(cluster: ClusterHandle): Promise<RealWorker[]> {
  const engines = new Map(cluster.outerEngines().map((e) => [e.name, e]));
  return (await cluster.nodes())
    .filter((n) => n.role === 'worker' && !n.hollow)
    .map((node) => ({ node, engine: engines.get(node.host) }));
}

/** Runs a command inside the worker's node. Never throws: a worker whose host has no engine here,
 *  or an exec that fails, is exit code -1 with the reason as its output. */
export async function execOnWorker(
  w: RealWorker,
  cmd: string[],
  timeoutMs: number,
): Promise<{ exitCode: number; output: string }> {
  if (!w.engine) return { exitCode: -1, output: `no engine for host ${w.node.host}` };
  return execIn(w.engine, w.node.containerId, cmd, { timeoutMs }).catch((e: Error) => ({
    exitCode: -1,
    output: e.message,
  }));
}
