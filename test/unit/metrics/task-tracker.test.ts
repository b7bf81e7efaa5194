import { describe, expect, it } from 'vitest';
import type { ServiceView, TaskView } from '../../../harness/docker/swarm-read.js';
import { parseDockerTime, toTaskView } from '../../../harness/docker/swarm-read.js';
import { bucketOf, countStates, TaskTracker } from '../../../harness/metrics/task-tracker.js';
import { fakeService } from '../../support/swarm-fixtures.js';

const svc = (id: string, running: number, desired: number): ServiceView => fakeService({ id, running, desired });
const task = (
  id: string,
  serviceId: string,
  state: TaskView['state'],
  createdMs: number,
  statusMs: number,
): TaskView => ({
  id,
  serviceId,
  state,
  desiredState: 'running',
  createdMs,
  statusMs,
});

describe('TaskTracker', () => {
  it('counts each task once, when it is first seen running, with the swarm timestamps', () => {
    const tr = new TaskTracker(1000);
    const first = tr.observe(['s'], [task('a', 's', 'running', 1000, 1500), task('b', 's', 'preparing', 1100, 1200)]);
    expect(first).toEqual([
      { taskId: 'a', serviceId: 's', nodeId: undefined, createdMs: 1000, runningMs: 1500, latencyMs: 500 },
    ]);
    const second = tr.observe(['s'], [task('a', 's', 'running', 1000, 1500), task('b', 's', 'running', 1100, 2300)]);
    expect(second.map((x) => [x.taskId, x.latencyMs])).toEqual([['b', 1200]]);
    expect(tr.observe(['s'], [task('a', 's', 'running', 1000, 1500), task('b', 's', 'running', 1100, 2300)])).toEqual(
      [],
    );
  });

  it('ignores tasks that were running before the run began', () => {
    const tr = new TaskTracker(10_000);
    expect(tr.observe(['s'], [task('old', 's', 'running', 1, 2), task('old2', 's', 'running', 1, 5)])).toEqual([]);
  });

  it('fetches only services that are not converged or gained running tasks since the last fetch', () => {
    const tr = new TaskTracker(0);
    expect(tr.servicesToFetch([svc('s', 0, 0)])).toEqual([]);
    expect(tr.servicesToFetch([svc('s', 1, 3)])).toEqual(['s']);
    tr.observe(
      ['s'],
      [task('a', 's', 'running', 1, 2), task('b', 's', 'starting', 1, 2), task('c', 's', 'pending', 1, 2)],
    );
    // converged after the fetch: two more reached running that the fetch did not see
    expect(tr.servicesToFetch([svc('s', 3, 3)])).toEqual(['s']);
    tr.observe(
      ['s'],
      ['a', 'b', 'c'].map((id) => task(id, 's', 'running', 1, 3)),
    );
    expect(tr.servicesToFetch([svc('s', 3, 3)])).toEqual([]);
    // a task died: the count fell, so the service is looked at again
    expect(tr.servicesToFetch([svc('s', 2, 3)])).toEqual(['s']);
  });

  it('buckets task states as swarm_service reports them', () => {
    expect(['new', 'allocated', 'pending'].map(bucketOf)).toEqual(['pending', 'pending', 'pending']);
    expect(['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'].map(bucketOf)).toEqual([
      'assigned',
      'assigned',
      'preparing',
      'preparing',
      'starting',
      'running',
    ]);
    expect(['failed', 'rejected', 'shutdown', 'complete', 'orphaned'].map(bucketOf)).toEqual([
      'failed',
      'failed',
      'shutdown',
      'shutdown',
      'shutdown',
    ]);
    const c = countStates([
      task('a', 's', 'running', 0, 0),
      task('b', 's', 'pending', 0, 0),
      task('c', 't', 'failed', 0, 0),
    ]);
    expect(c.get('s')).toMatchObject({ running: 1, pending: 1 });
    expect(c.get('t')).toMatchObject({ failed: 1 });
  });
});

describe('docker task timestamps', () => {
  it('keeps sub-millisecond precision and treats the zero time as missing', () => {
    expect(parseDockerTime('2024-05-01T10:00:00.123456789Z')).toBeCloseTo(
      Date.UTC(2024, 4, 1, 10, 0, 0) + 123.456789,
      5,
    );
    expect(parseDockerTime('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0));
    expect(parseDockerTime('0001-01-01T00:00:00Z')).toBeNaN();
    expect(parseDockerTime(undefined)).toBeNaN();
  });

  it('maps an API task to a view', () => {
    const v = toTaskView({
      ID: 't1',
      ServiceID: 's1',
      NodeID: 'n1',
      Slot: 3,
      DesiredState: 'running',
      CreatedAt: '2024-05-01T10:00:00.5Z',
      Status: { State: 'running', Timestamp: '2024-05-01T10:00:02Z' },
    });
    expect(v).toMatchObject({ id: 't1', serviceId: 's1', nodeId: 'n1', slot: 3, state: 'running' });
    expect(v.statusMs - v.createdMs).toBe(1500);
  });
});
