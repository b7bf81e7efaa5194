// The workload images on the real workers before the first step, as the scenario's `imageCache`
// says. warm: pulled (prepull.ts), so scale steps measure the swarm's scheduling and not the
// registry. cold: removed, so each node's first task pulls from the cluster's registry in its
// prepare phase (preparing → starting), as on a node that never ran the service. A node where
// removal fails is named and the run goes on; a node that never had the image is what cold wants.
import pLimit from 'p-limit';
import type { ClusterHandle } from '../cluster/types.js';
import { execOnNode, realWorkers } from '../cluster/real-nodes.js';
import type { Logger } from '../util/log.js';
import { prepull } from './prepull.js';
import type { ImageCache } from './types.js';

export async function prepareImageCache(
  cluster: ClusterHandle,
  refs: string[],
  mode: ImageCache,
  log: Logger,
  concurrency = 4,
): Promise<void> {
  if (mode === 'warm') return prepull(cluster, refs, log, concurrency);
  if (refs.length === 0) return;
  const workers = await realWorkers(cluster);
  const limit = pLimit(concurrency);
  const t0 = Date.now();
  let done = 0;
  let held = 0;
  const failed: string[] = [];
  await Promise.all(
    workers.map((w) =>
      limit(async () => {
        const n = w.node;
        const r = await execOnNode(w, ['docker', 'image', 'rm', '-f', ...refs], 60_000);
        const lines = r.output
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        if (lines.some((l) => l.startsWith('Untagged:'))) held++;
        // Older docker CLIs exit 1 on "No such image" even with -f: not a failure here.
        const wrong = lines.filter((l) => !/^(Untagged|Deleted):/.test(l) && !/no such image/i.test(l));
        if (r.exitCode !== 0 && (wrong.length > 0 || lines.length === 0))
          failed.push(`${n.name}: ${wrong.at(-1) ?? `exit ${r.exitCode}`}`);
        done++;
        log.progress(`cold image cache, removing ${refs.join(', ')}: ${done}/${workers.length} nodes`);
      }),
    ),
  );
  log.info(
    `cold image cache: removed ${refs.join(', ')} from ${workers.length - failed.length}/${workers.length} workers (${held} had it) in ${((Date.now() - t0) / 1000).toFixed(1)} s; each node's first task pulls it again`,
  );
  for (const f of failed.slice(0, 10)) log.warn(`image removal failed on ${f}`);
}
