// The tasks of one hollow worker: applies assignment changes from the dispatcher and walks each
// task through its states (task-machine.ts) with the planned delays, reporting every transition.
import { StatusReporter } from './status-reporter.js';
import { nextStep, planTask, type TaskBehaviour, type TaskPlan } from './task-machine.js';
import { TaskState, taskStateName, type Task, type TaskStatusUpdate, type Timestamp } from './protocol.js';
import type { TaskNote } from './task-record.js';

/** Where the runner notes what it reports when the fleet keeps a record (task-record.ts); the
 *  fleet sets and clears `note` while workers run. */
export interface TaskNoteSlot {
  note?: TaskNote;
}

interface Tracked {
  id: string;
  state: number;
  desired: number;
  plan: TaskPlan;
  timer?: NodeJS.Timeout;
  /** A report of this task is waiting for the dispatcher's answer. */
  reporting: boolean;
}

export class TaskRunner {
  private readonly tasks = new Map<string, Tracked>();

  constructor(
    private readonly reporter: StatusReporter,
    private readonly behaviour: TaskBehaviour,
    private readonly random: () => number = Math.random,
    private readonly record: TaskNoteSlot = {},
  ) {}

  /** A COMPLETE assignment set: it replaces what the worker knew. */
  applyComplete(tasks: Task[]): void {
    const keep = new Set(tasks.map((t) => t.id));
    for (const id of [...this.tasks.keys()]) if (!keep.has(id)) this.remove(id);
    for (const t of tasks) this.apply(t);
  }

  apply(task: Task): void {
    const reported = task.status?.state ?? TaskState.ASSIGNED;
    let t = this.tasks.get(task.id);
    if (!t) {
      t = {
        id: task.id,
        state: reported,
        desired: task.desiredState,
        plan: planTask(this.behaviour, task.serviceAnnotations?.labels, this.random),
        reporting: false,
      };
      this.tasks.set(task.id, t);
      // The manager's clock for ASSIGNED, as this worker received it: the start of dispatch.
      if (reported === TaskState.ASSIGNED && task.status?.timestamp)
        this.record.note?.(task.id, 'assigned', timestampMs(task.status.timestamp));
    } else {
      // The worker's own state is ahead of the store's except when the manager moved the task
      // (ORPHANED, or a state written while this worker was away).
      if (reported > t.state && !t.reporting) t.state = reported;
      if (task.desiredState !== t.desired) {
        t.desired = task.desiredState;
        // A pending transition was planned for the old desired state (e.g. STARTING while a
        // shutdown is now wanted): plan again.
        if (t.timer) {
          clearTimeout(t.timer);
          t.timer = undefined;
        }
      }
    }
    this.advance(t);
  }

  remove(id: string): void {
    const t = this.tasks.get(id);
    if (t?.timer) clearTimeout(t.timer);
    this.tasks.delete(id);
  }

  private advance(t: Tracked): void {
    if (t.timer || t.reporting) return;
    const step = nextStep(t.state, t.desired, t.plan);
    if (!step) return;
    t.timer = setTimeout(() => {
      t.timer = undefined;
      if (this.tasks.get(t.id) !== t) return;
      t.state = step.state;
      t.reporting = true;
      const timestamp = nowTimestamp();
      this.record.note?.(t.id, taskStateName(step.state).toLowerCase(), timestampMs(timestamp));
      const update: TaskStatusUpdate = {
        taskId: t.id,
        status: {
          timestamp,
          state: step.state,
          message: step.message,
          err: step.err ?? '',
          // A real agent reports its container from STARTING on; there is none, so it has no ID.
          container:
            step.state >= TaskState.STARTING ? { containerId: '', pid: 0, exitCode: step.exitCode ?? 0 } : null,
        },
      };
      void this.reporter.report(update).then(() => {
        t.reporting = false;
        if (this.tasks.get(t.id) === t) this.advance(t);
      });
    }, step.delayMs);
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Count of tasks by the state this worker last reached. */
  countByState(into: Record<string, number> = {}): Record<string, number> {
    for (const t of this.tasks.values()) {
      const name = taskStateName(t.state).toLowerCase();
      into[name] = (into[name] ?? 0) + 1;
    }
    return into;
  }

  clear(): void {
    for (const t of this.tasks.values()) if (t.timer) clearTimeout(t.timer);
    this.tasks.clear();
  }
}

const timestampMs = (t: Timestamp): number => Number(t.seconds) * 1000 + Math.floor(Number(t.nanos) / 1e6);

function nowTimestamp(): { seconds: number; nanos: number } {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
}
