// What a series of runs on one cluster (`run --repeat`, a search's probes) needs between and after
// its runs: the next run must not measure the workers still removing the last one's tasks, and the
// cluster the series brought up goes when it ends.
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

/** Removes the cluster when a run of the series brought it up, unless --keep. Never throws. */
export async function downIfBroughtUp(
  base: Pick<RunOptions, 'provider' | 'clusterName' | 'keep'>,
  broughtUp: boolean,
  by: string,
  log: Logger,
): Promise<void> {
  if (!broughtUp || base.keep) return;
  log.info(`removing cluster "${base.clusterName}" (brought up by ${by}; --keep keeps it)`);
  await base.provider.down(base.clusterName).catch((e: Error) => log.warn(`down: ${e.message}`));
}
