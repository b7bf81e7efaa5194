// The swarm collector's looks at a fake manager: a task caught in preparing and starting has its
// prepare and start phases on its swarm_task_status point; one first seen running has none; a
// task that failed gets one swarm_task_failed point with the swarm's message, however often the
// history lists it.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../harness/docker/engine.js';
import { SwarmCollector } from '../../../harness/metrics/collectors/swarm.js';
import type { Emitted } from '../../../harness/metrics/collectors/types.js';
import { silentLogger } from '../../../harness/util/log.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const iso = (dt: number) => new Date(T + dt).toISOString();
interface RawTask {
  ID: string;
  state: string;
  at: number;
  desired?: string;
  err?: string;
}

function fakeManager(tasks: { now: RawTask[] }, desired: number): Engine {
  const raw = (t: RawTask) => ({
    ID: t.ID,
    ServiceID: 's1',
    NodeID: 'n1',
    DesiredState: t.desired ?? 'running',
    CreatedAt: iso(0),
    Status: { State: t.state, Timestamp: iso(t.at), Err: t.err },
  });
  const api = {
    listServices: async () => [
      {
        ID: 's1',
        Spec: { Name: 'web', Mode: { Replicated: { Replicas: desired } } },
        ServiceStatus: {
          RunningTasks: tasks.now.filter((t) => t.state === 'running').length,
          DesiredTasks: desired,
        },
      },
    ],
    listTasks: async (q: { filters: string }) => {
      const want = (JSON.parse(q.filters) as { 'desired-state'?: string[] })['desired-state']?.[0];
      return tasks.now.filter((t) => (t.desired ?? 'running') === want).map(raw);
    },
    listNodes: async () => [],
  };
  return { api } as unknown as Engine;
}

describe('SwarmCollector: task phases', () => {
  it('puts the phases its looks observed on the task points, and failed tasks on their own', async () => {
    const state = { now: [] as RawTask[] };
    const points: Emitted[] = [];
    const c = new SwarmCollector({
      manager: async () => fakeManager(state, 2),
      emit: (p) => points.push(p),
      log: silentLogger,
      sinceMs: T - 1000,
    });
    state.now = [
      { ID: 'a', state: 'preparing', at: 100 },
      { ID: 'b', state: 'assigned', at: 50 },
    ];
    await c.final(T + 1000);
    state.now = [
      { ID: 'a', state: 'starting', at: 2100 },
      { ID: 'b', state: 'failed', at: 1500, desired: 'shutdown', err: 'No such image: nope' },
      { ID: 'c', state: 'running', at: 1900 },
    ];
    await c.final(T + 2000);
    state.now = [
      { ID: 'a', state: 'running', at: 2600 },
      { ID: 'b', state: 'failed', at: 1500, desired: 'shutdown', err: 'No such image: nope' },
      { ID: 'c', state: 'running', at: 1900 },
    ];
    await c.final(T + 3000);

    const tasks = points.filter((p) => p.measurement === 'swarm_task_status');
    const fields = (id: string) => tasks.find((p) => p.fields.task === id)!.fields;
    expect(fields('a')).toMatchObject({
      latency_ms: 2600,
      preparing_ms: T + 100,
      starting_ms: T + 2100,
      phase_prepare_ms: 2000,
      phase_start_ms: 500,
    });
    expect(Object.keys(fields('c')).filter((k) => k.startsWith('phase_'))).toEqual([]);
    const failed = points.filter((p) => p.measurement === 'swarm_task_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      tags: { service: 'web', state: 'failed' },
      fields: { task: 'b', error: 'No such image: nope', assigned_ms: T + 50, ended_ms: T + 1500 },
      timeMs: T + 1500,
    });
  });
});
