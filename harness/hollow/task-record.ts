// The simulator's own record of its tasks: every state a hollow worker reported, with the
// timestamp it put in the report (which the manager stores as the task's Status.Timestamp), and
// the manager's timestamp of ASSIGNED as the worker received it. It is what a measurement of
// task phases taken from the swarm's task list can be checked against (bench/phases). Off
// unless asked for: one line per transition is cheap, but not free at 50,000 tasks.
import { createWriteStream, type WriteStream } from 'node:fs';

/** One line: task id, state (lower case, as the swarm names it), milliseconds since the epoch. */
export type TaskRecordLine = { task: string; state: string; ms: number };

export type TaskNote = (task: string, state: string, ms: number) => void;

/** The header of a record file; tab-separated lines follow. */
export const TASK_RECORD_HEADER = 'task\tstate\tms';

export class TaskRecord {
  private readonly out: WriteStream;

  constructor(readonly file: string) {
    this.out = createWriteStream(file, { flags: 'a' });
    this.out.write(`${TASK_RECORD_HEADER}\n`);
  }

  readonly note: TaskNote = (task, state, ms) => {
    this.out.write(`${task}\t${state}\t${ms}\n`);
  };

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}

/** Parses record files' text (headers may repeat where a file was appended to). */
export function parseTaskRecord(text: string): TaskRecordLine[] {
  const out: TaskRecordLine[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line === TASK_RECORD_HEADER) continue;
    const [task, state, ms] = line.split('\t');
    const n = Number(ms);
    if (task && state && Number.isFinite(n)) out.push({ task, state, ms: n });
  }
  return out;
}
