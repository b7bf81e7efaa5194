// The task state machine of a swarm agent, without containers: given a task's current state
// and the state the manager desires, the next state to report. It follows swarmkit's
// agent/exec.Do: ASSIGNED → ACCEPTED → PREPARING → READY → STARTING → RUNNING; it pauses at
// READY when READY is desired (update-order start-first, or `--detach` rollbacks); anything
// desired at SHUTDOWN or beyond (SHUTDOWN, REMOVE, ORPHANED) ends in SHUTDOWN.
import { TaskState } from './protocol.js';

export interface TaskPlan {
  /** Delay before each pre-run transition, so the manager records every state (its own batches are 100 ms). */
  stepDelayMs: number;
  /** Set when this task is to fail after it started. */
  failure?: { exitCode: number; afterMs: number };
  /** A task whose desired state is COMPLETE (a job) finishes after this long in RUNNING. */
  jobRunMs: number;
}

export interface Step {
  state: TaskState;
  message: string;
  err?: string;
  exitCode?: number;
  delayMs: number;
}

export function nextStep(current: number, desired: number, plan: TaskPlan): Step | undefined {
  const step = (state: TaskState, message: string, delayMs = plan.stepDelayMs): Step => ({ state, message, delayMs });

  if (desired >= TaskState.SHUTDOWN) {
    return current >= TaskState.COMPLETE ? undefined : step(TaskState.SHUTDOWN, 'shutdown', 0);
  }
  if (current > desired) return undefined;

  // States that proceed even when they reach the desired state.
  switch (current) {
    case TaskState.PREPARING:
      return step(TaskState.READY, 'prepared');
    case TaskState.STARTING:
      return step(TaskState.RUNNING, 'started');
    case TaskState.RUNNING:
      if (plan.failure) {
        const code = plan.failure.exitCode;
        return {
          state: TaskState.FAILED,
          message: 'started',
          err: `task: non-zero exit (${code})`,
          exitCode: code,
          delayMs: plan.failure.afterMs,
        };
      }
      if (desired === TaskState.COMPLETE) return step(TaskState.COMPLETE, 'finished', plan.jobRunMs);
      return undefined;
  }

  // Pause states: only go on while the desired state is beyond them.
  if (current >= desired) return undefined;
  switch (current) {
    case TaskState.NEW:
    case TaskState.PENDING:
    case TaskState.ASSIGNED:
      return step(TaskState.ACCEPTED, 'accepted');
    case TaskState.ACCEPTED:
      return step(TaskState.PREPARING, 'preparing');
    case TaskState.READY:
      return step(TaskState.STARTING, 'starting');
    default:
      return undefined;
  }
}

export interface TaskBehaviour {
  stepDelayMs: number;
  /** Fraction (0..1) of tasks that fail after starting. */
  failFraction: number;
  failExitCode: number;
  failAfterMs: number;
  jobRunMs: number;
}

export const defaultTaskBehaviour: TaskBehaviour = {
  stepDelayMs: 150,
  failFraction: 0,
  failExitCode: 1,
  failAfterMs: 1000,
  jobRunMs: 1000,
};

/** Service labels that override the behaviour for one service's tasks (set with `--label`). */
export const behaviourLabels = {
  failFraction: 'swarmbench.hollow.fail-fraction',
  failExitCode: 'swarmbench.hollow.fail-exit-code',
  failAfterMs: 'swarmbench.hollow.fail-after-ms',
  stepDelayMs: 'swarmbench.hollow.step-delay-ms',
  jobRunMs: 'swarmbench.hollow.job-run-ms',
} as const;

function numberLabel(labels: Record<string, string> | undefined, key: string, fallback: number): number {
  const raw = labels?.[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Decides once, when a task is first seen, how it will behave. */
export function planTask(
  behaviour: TaskBehaviour,
  serviceLabels: Record<string, string> | undefined,
  random: () => number,
): TaskPlan {
  const failFraction = numberLabel(serviceLabels, behaviourLabels.failFraction, behaviour.failFraction);
  const plan: TaskPlan = {
    stepDelayMs: numberLabel(serviceLabels, behaviourLabels.stepDelayMs, behaviour.stepDelayMs),
    jobRunMs: numberLabel(serviceLabels, behaviourLabels.jobRunMs, behaviour.jobRunMs),
  };
  if (failFraction > 0 && random() < failFraction) {
    plan.failure = {
      exitCode: numberLabel(serviceLabels, behaviourLabels.failExitCode, behaviour.failExitCode),
      afterMs: numberLabel(serviceLabels, behaviourLabels.failAfterMs, behaviour.failAfterMs),
    };
  }
  return plan;
}
