// At the end of a run, the real workers' own record of the swarm's task containers: one
// `docker events` read per node (harness/docker/task-containers.ts), a point per task with when
// its container was created and started. The swarm's task list is read at most once a second, so
// it misses short states (STARTING lasts a fraction of a second); these times fill the gap
// (task-phases.ts, sharpen). Up to MAX_NODES workers, four at a time: past that the reads would
// cost more than they add, and the phases stay what the swarm's list showed.
import pLimit from 'p-limit';
import { realWorkers } from '../../cluster/real-nodes.js';
import type { ClusterHandle } from '../../cluster/types.js';
import { taskContainerTimes } from '../../docker/task-containers.js';
import type { Logger } from '../../util/log.js';
import { Measurement } from '../measurements.js';
import type { Collector, Emit } from './types.js';

export const MAX_NODES = 64;

export class TaskEngineCollector implements Collector {
  readonly name = 'task-engine';
  private reads = 0;

  constructor(private readonly opts: { cluster: ClusterHandle; emit: Emit; log: Logger; sinceMs: number }) {}

  async tick(): Promise<void> {
    // Nothing during the run: the engines keep their events, read once at the end.
  }

  async final(nowMs: number): Promise<void> {
    try {
      await this.readAll(nowMs);
    } catch (err) {
      this.opts.log.warn(`task containers: not read (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  private async readAll(nowMs: number): Promise<void> {
    const { cluster, emit, log, sinceMs } = this.opts;
    const workers = await realWorkers(cluster);
    if (workers.length === 0) return;
    const read = workers.filter((w) => w.engine).slice(0, MAX_NODES);
    if (read.length < workers.length)
      log.info(`task containers: read on ${read.length} of ${workers.length} workers (the first ${MAX_NODES})`);
    const limit = pLimit(4);
    let failed = 0;
    await Promise.all(
      read.map(({ node: w, engine }) =>
        limit(async () => {
          this.reads++;
          const times = await taskContainerTimes(engine!, w.containerId, sinceMs, nowMs).catch((err: Error) => {
            if (failed++ === 0) log.warn(`task containers: could not read ${w.name}'s engine events: ${err.message}`);
            return [];
          });
          for (const t of times) {
            const fields: Record<string, string | number> = { task: t.task, node: w.name };
            if (t.createdMs !== undefined) fields.container_created_ms = t.createdMs;
            if (t.startedMs !== undefined) fields.container_started_ms = t.startedMs;
            emit({
              measurement: Measurement.taskEngine,
              fields,
              timeMs: Math.round(t.startedMs ?? t.createdMs ?? nowMs),
            });
          }
        }),
      ),
    );
  }

  calls(): Record<string, number> {
    return { events: this.reads };
  }
}
