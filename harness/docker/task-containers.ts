// What a dind worker's own engine knows of the swarm's task containers: when each was created
// (the end of the image pull and create, just before the agent reports STARTING) and started
// (just before RUNNING), read from the engine's event log with one exec. The engine keeps only
// its last 256 events, so on a node that ran many containers the oldest ones are gone: those
// tasks simply get nothing from here.
import type { Engine } from './engine.js';
import { execIn } from './exec.js';

export interface TaskContainerTimes {
  task: string;
  /** ms since the epoch of the container's `create` event. */
  createdMs?: number;
  /** ms since the epoch of its first `start` event. */
  startedMs?: number;
}

const FORMAT = '{{.Action}} {{index .Actor.Attributes "com.docker.swarm.task.id"}} {{.TimeNano}}';

/** Parses `docker events` lines as FORMAT prints them (containers without a task id are skipped). */
export function parseTaskEvents(text: string): TaskContainerTimes[] {
  const byTask = new Map<string, TaskContainerTimes>();
  for (const line of text.split('\n')) {
    const m = /^(create|start) (\S+) (\d+)$/.exec(line.trim());
    if (!m || m[2] === '<no' || m[2] === '') continue;
    const ms = Number(BigInt(m[3]!) / 1000n) / 1000;
    const t = byTask.get(m[2]!) ?? { task: m[2]! };
    if (m[1] === 'create') t.createdMs ??= ms;
    else t.startedMs ??= ms;
    byTask.set(t.task, t);
  }
  return [...byTask.values()];
}

/** The task containers' create and start times on one node between two instants. */
export async function taskContainerTimes(
  engine: Engine,
  containerId: string,
  sinceMs: number,
  untilMs: number,
): Promise<TaskContainerTimes[]> {
  const sec = (ms: number) => (ms / 1000).toFixed(3);
  const r = await execIn(
    engine,
    containerId,
    [
      'docker',
      'events',
      '--since',
      sec(sinceMs),
      '--until',
      sec(untilMs),
      '--filter',
      'type=container',
      '--filter',
      'event=create',
      '--filter',
      'event=start',
      '--format',
      FORMAT,
    ],
    { timeoutMs: 30_000 },
  );
  if (r.exitCode !== 0) throw new Error(r.output.trim().split('\n').pop() || `docker events exited ${r.exitCode}`);
  return parseTaskEvents(r.output);
}
