// The agent's task state machine, as swarmkit's agent/exec.Do defines it.
import { describe, expect, it } from 'vitest';
import { TaskState as S } from '../../../harness/hollow/protocol.js';
import { nextStep, planTask, defaultTaskBehaviour, type TaskPlan } from '../../../harness/hollow/task-machine.js';

const plan: TaskPlan = { stepDelayMs: 10, jobRunMs: 50 };

function walk(from: number, desired: number, p: TaskPlan = plan): number[] {
  const states: number[] = [];
  let current = from;
  for (let step = nextStep(current, desired, p); step; step = nextStep(current, desired, p)) {
    current = step.state;
    states.push(current);
    if (states.length > 20) throw new Error('no end');
  }
  return states;
}

describe('nextStep', () => {
  it('walks an assigned task to RUNNING through every pre-run state, then stays', () => {
    expect(walk(S.ASSIGNED, S.RUNNING)).toEqual([S.ACCEPTED, S.PREPARING, S.READY, S.STARTING, S.RUNNING]);
  });

  it('stops at READY while READY is desired, and goes on when RUNNING is desired', () => {
    expect(walk(S.ASSIGNED, S.READY)).toEqual([S.ACCEPTED, S.PREPARING, S.READY]);
    expect(walk(S.READY, S.RUNNING)).toEqual([S.STARTING, S.RUNNING]);
  });

  it('shuts down at once from any live state when SHUTDOWN or REMOVE is desired', () => {
    for (const from of [S.ASSIGNED, S.PREPARING, S.READY, S.RUNNING]) {
      for (const desired of [S.SHUTDOWN, S.REMOVE, S.ORPHANED]) {
        const step = nextStep(from, desired, plan);
        expect(step?.state).toBe(S.SHUTDOWN);
        expect(step?.delayMs).toBe(0);
      }
    }
  });

  it('never leaves a terminal state', () => {
    for (const from of [S.COMPLETE, S.SHUTDOWN, S.FAILED, S.REJECTED]) {
      expect(nextStep(from, S.RUNNING, plan)).toBeUndefined();
      expect(nextStep(from, S.SHUTDOWN, plan)).toBeUndefined();
    }
  });

  it('fails a task planned to fail, with its exit code, after it ran', () => {
    const failing: TaskPlan = { ...plan, failure: { exitCode: 137, afterMs: 500 } };
    const step = nextStep(S.RUNNING, S.RUNNING, failing);
    expect(step).toMatchObject({ state: S.FAILED, exitCode: 137, delayMs: 500, err: 'task: non-zero exit (137)' });
  });

  it('completes a job (desired COMPLETE) after its run time', () => {
    expect(walk(S.ASSIGNED, S.COMPLETE).at(-1)).toBe(S.COMPLETE);
    expect(nextStep(S.RUNNING, S.COMPLETE, plan)).toMatchObject({ state: S.COMPLETE, delayMs: 50 });
  });
});

describe('planTask', () => {
  it('fails the configured fraction of tasks, reproducibly for a given random source', () => {
    const seq = [0.05, 0.5, 0.09, 0.99];
    let i = 0;
    const plans = seq.map(() => planTask({ ...defaultTaskBehaviour, failFraction: 0.1 }, undefined, () => seq[i++]!));
    expect(plans.map((p) => p.failure !== undefined)).toEqual([true, false, true, false]);
  });

  it('takes per-service overrides from service labels, ignoring bad values', () => {
    const p = planTask(
      defaultTaskBehaviour,
      {
        'swarmbench.hollow.fail-fraction': '1',
        'swarmbench.hollow.fail-exit-code': '3',
        'swarmbench.hollow.step-delay-ms': 'soon',
      },
      () => 0.5,
    );
    expect(p.failure?.exitCode).toBe(3);
    expect(p.stepDelayMs).toBe(defaultTaskBehaviour.stepDelayMs);
  });
});
