// Pulls the workload images onto every dind node before the first step, so that scale steps
// measure the swarm's scheduling and not the registry. A few nodes at a time; a node that
// cannot pull is named and the run goes on (its tasks would pull on start anyway).
import pLimit from 'p-limit';
import type { ClusterHandle } from '../cluster/types.js';
import { execOnNode, realWorkers } from '../cluster/real-nodes.js';
import type { Logger } from '../util/log.js';

export async function prepull(cluster: ClusterHandle, refs: string[], log: Logger, concurrency = 4): Promise<void> {
  if (refs.length === 0) return;
  const workers = await realWorkers(cluster);
  const limit = pLimit(concurrency);
  const t0 = Date.now();
  let done = 0;
  const failed: string[] = [];
  await Promise.all(
    workers.map((w) =>
      limit(async () => {
        const n = w.node;
        for (const ref of refs) {
          const r = await execOnNode(w, ['docker', 'pull', '-q', ref], 300_000);
          if (r.exitCode !== 0) failed.push(`${n.name}: ${r.output.trim().split('\n').pop()}`);
        }
        done++;
        log.progress(`pre-pull ${refs.join(', ')}: ${done}/${workers.length} nodes`);
      }),
    ),
  );
  log.info(
    `pre-pulled ${refs.join(', ')} on ${workers.length - failed.length}/${workers.length} workers in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const f of failed.slice(0, 10)) log.warn(`pre-pull failed on ${f}`);
}
