// The swarm's own running count over-counts after chaos (tasks left RUNNING on nodes that went
// Down), so it may only ever prove that a service has not converged yet.
import { describe, expect, it } from 'vitest';
import { cheapLook } from '../../../harness/scenario/steps/converge.js';
import type { StepContext, KnownService } from '../../../harness/scenario/steps/context.js';
import type { Engine } from '../../../harness/docker/engine.js';

function ctxWith(running: number, desired: number): StepContext {
  const engine = {
    api: {
      listServices: async () => [
        { ID: 's1', Spec: { Name: 'steady' }, ServiceStatus: { RunningTasks: running, DesiredTasks: desired } },
      ],
    },
  } as unknown as Engine;
  return { manager: async () => engine } as unknown as StepContext;
}

const steady = { name: 'steady', mode: 'replicated', replicas: 6 } as KnownService;

describe('cheapLook', () => {
  it('reports too few running tasks without fetching task lists', async () => {
    const s = await cheapLook(ctxWith(4, 6), [steady]);
    expect(s?.states).toEqual([{ service: 'steady', desired: 6, running: 4, converged: false }]);
  });
  it('leaves the verdict to the task list when the count is at or above desired (stale RUNNING tasks)', async () => {
    expect(await cheapLook(ctxWith(12, 6), [steady])).toBeUndefined();
    expect(await cheapLook(ctxWith(6, 6), [steady])).toBeUndefined();
  });
});
