// Stopping many node containers at once, past the outer engine. Removing nodes a few at a time
// lets the rest see their peers vanish: at 200 nodes their gossip (memberlist) marked node
// after node failed, rejoined, failed again, and within seconds 800 engine threads were
// runnable on 2 cores and the outer engine took minutes per container. Killing every node's
// processes in one pass through the kernel leaves nobody to gossip; the engine then only has
// dead containers to remove. This reaches containers whose cgroup is on this machine; the
// caller asks the engine to kill the others.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { findCgroup } from './stats.js';

export interface KillResult {
  /** Containers whose processes were all sent SIGKILL here. */
  killed: string[];
  /** Containers this machine cannot reach (another host, or no permission): the engine must kill them. */
  elsewhere: string[];
}

/** SIGKILLs every process of each container found in this machine's cgroups, all in one pass. */
export async function killContainerProcesses(ids: string[], cgroupRoot?: string): Promise<KillResult> {
  const found: Array<{ id: string; pids: number[] }> = [];
  const elsewhere: string[] = [];
  for (const id of ids) {
    const cgroup = await findCgroup(id, cgroupRoot);
    // The memory cgroup holds every process of the container (v1), as the unified one does (v2).
    const pids = cgroup ? readPids(`${dirname(cgroup.mem)}/cgroup.procs`) : undefined;
    if (pids) found.push({ id, pids });
    else elsewhere.push(id);
  }
  // Read everything first, then kill in one synchronous loop: the nodes must go together.
  const killed: string[] = [];
  for (const { id, pids } of found) {
    if (pids.every((pid) => sigkill(pid))) killed.push(id);
    else elsewhere.push(id);
  }
  return { killed, elsewhere };
}

function readPids(file: string): number[] | undefined {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return undefined;
  }
}

/** True when the process got the signal or is gone already; false without permission. */
function sigkill(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL');
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
