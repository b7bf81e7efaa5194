// After a repetition removed its services, their containers are still being stopped and removed
// by the workers for a while (200 at once took tens of seconds here): the next repetition's
// nested start rate and first step would measure that cleanup. Waits until no real worker runs a
// container of those services, or the time is up (then says how many remain and goes on).
import pLimit from 'p-limit';
import { execOnNode, realWorkers } from '../cluster/real-nodes.js';
import type { ClusterHandle } from '../cluster/types.js';
import type { Logger } from '../util/log.js';

export async function waitTasksGone(
  cluster: ClusterHandle,
  services: readonly string[],
  log: Logger,
  timeoutMs = 120_000,
): Promise<void> {
  if (services.length === 0) return;
  const workers = (await realWorkers(cluster)).filter((w) => w.engine);
  const filters = services.flatMap((s) => ['--filter', `label=com.docker.swarm.service.name=${s}`]);
  const t0 = Date.now();
  const limit = pLimit(8);
  let left = workers;
  while (left.length > 0) {
    const counts = await Promise.all(
      left.map((w) =>
        limit(async () => {
          // One filter per service: docker ps ORs the values of one label key.
          const r = await execOnNode(w, ['docker', 'ps', '-aq', ...filters], 30_000);
          return r.exitCode === 0 ? r.output.trim().split('\n').filter(Boolean).length : 1;
        }),
      ),
    );
    left = left.filter((_, i) => counts[i]! > 0);
    if (left.length === 0) break;
    if (Date.now() - t0 > timeoutMs) {
      log.warn(
        `${left.length} workers still hold containers of ${services.join(', ')} after ${timeoutMs / 1000} s; going on`,
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  log.info(
    `the workers removed the containers of ${services.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
