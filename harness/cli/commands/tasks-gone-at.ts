// Between the runs of one command on one cluster (`run --repeat`, a search's probes): the next
// run must not measure the workers still removing the last one's tasks.
import type { RunOptions } from '../../scenario/runner.js';
import type { Logger } from '../../util/log.js';

/** When the workers had removed the containers of these services (or the wait gave up);
 *  undefined when the cluster cannot be opened. */
export async function tasksGoneAt(
  base: Pick<RunOptions, 'provider' | 'clusterName'>,
  services: string[],
  log: Logger,
): Promise<number | undefined> {
  const cluster = await base.provider.open(base.clusterName).catch(() => undefined);
  if (!cluster) return undefined;
  try {
    const { waitTasksGone } = await import('../../scenario/tasks-gone.js');
    await waitTasksGone(cluster, services, log);
    return Date.now();
  } finally {
    await cluster.close();
  }
}
