// How many runs a cluster has served, kept in the inner swarm's own labels so any harness that
// opens the cluster counts the same: a manager that has created and removed many tasks works
// differently from a fresh one (moby/swarmkit#2763), so run.json says which this run met.
import type { ClusterHandle } from '../cluster/types.js';
import { swarmLabels, updateSwarmLabels } from '../docker/swarm.js';
import type { Logger } from '../util/log.js';

export const RUNS_SERVED_LABEL = 'swarmbench.runs-served';

/** The runs the cluster served before this one (0 on a fresh cluster), counting this one in;
 *  undefined when the swarm's labels cannot be read or written (the run goes on without it). */
export async function countRun(cluster: ClusterHandle, log: Logger): Promise<number | undefined> {
  try {
    const engine = await cluster.manager();
    const before = Number((await swarmLabels(engine))[RUNS_SERVED_LABEL] ?? 0);
    const served = Number.isInteger(before) && before >= 0 ? before : 0;
    await updateSwarmLabels(engine, { [RUNS_SERVED_LABEL]: String(served + 1) });
    return served;
  } catch (err) {
    log.warn(`runs served by the cluster not counted: ${(err as Error).message}`);
    return undefined;
  }
}
