// Shrinking a running cluster: the highest-numbered workers are drained (when asked, waiting
// until their tasks have moved), leave the swarm, and are deleted with their volumes; their
// entries are removed from the manager's node list so counts stay exact.
import pLimit from 'p-limit';
import { BadInputError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { execIn } from '../docker/exec.js';
import { removeSwarmNode, tasksDesiredRunning, updateSwarmNode } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { retryUntil } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { destroyNode } from './node-container.js';
import { engineOf, type ClusterRuntime, type NodeRecord } from './runtime.js';

export interface RemoveOptions {
  drain?: boolean;
  /** How long to wait for drained tasks to move before removing anyway. */
  drainTimeoutMs?: number;
  log?: Logger;
}

export async function removeWorkers(
  rt: ClusterRuntime,
  leader: Engine,
  records: NodeRecord[],
  count: number,
  opts: RemoveOptions = {},
): Promise<NodeRecord[]> {
  const workers = records.filter((r) => r.role === 'worker').sort((a, b) => b.index - a.index);
  if (!Number.isInteger(count) || count < 1)
    throw new BadInputError(`nodes to remove must be a whole number of at least 1 (got ${count})`);
  if (count > workers.length) {
    throw new BadInputError(`cluster "${rt.info.name}" has ${workers.length} workers; cannot remove ${count}`, {
      fix: 'managers are not removed by `nodes remove`',
    });
  }
  const victims = workers.slice(0, count);
  const names = new Set(victims.map((v) => v.name));
  const entries = (await listSwarmNodes(leader)).filter((n) => names.has(n.hostname));
  if (opts.drain) {
    for (const e of entries) await updateSwarmNode(leader, e.id, { availability: 'drain' });
    const ids = entries.map((e) => e.id);
    await retryUntil(
      () => tasksDesiredRunning(leader, ids),
      (n) => n === 0,
      {
        timeoutMs: opts.drainTimeoutMs ?? 120_000,
        intervalMs: 1000,
        onTimeout: (n) => new Error(`${n} tasks still running on the drained nodes`),
      },
    ).catch((err: Error) => opts.log?.warn(`${err.message}; removing the nodes anyway`));
  }
  const limit = pLimit(8);
  await Promise.all(
    victims.map((v) =>
      limit(async () => {
        const engine = engineOf(rt, v.host);
        // Leaving first lets the manager see the node go at once instead of after missed heartbeats.
        if (v.running)
          await execIn(engine, v.containerId, ['docker', 'swarm', 'leave', '--force'], { timeoutMs: 30_000 }).catch(
            () => undefined,
          );
        await destroyNode(engine, rt.info.name, v);
      }),
    ),
  );
  for (const e of entries) await removeSwarmNode(leader, e.id);
  return victims;
}
