// A worker's tasks and their reports, with a hand-built dispatcher (the send function) and
// fake timers: batching, one outstanding report per task, retries, and assignment handling.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TaskState as S, type Task, type TaskStatusUpdate } from '../../../harness/hollow/protocol.js';
import { StatusReporter } from '../../../harness/hollow/status-reporter.js';
import { TaskRunner } from '../../../harness/hollow/task-runner.js';
import { defaultTaskBehaviour } from '../../../harness/hollow/task-machine.js';

function task(id: string, desired: number, state: number = S.ASSIGNED, labels: Record<string, string> = {}): Task {
  return {
    id,
    serviceId: 'svc',
    slot: '1',
    nodeId: 'n1',
    annotations: null,
    serviceAnnotations: { name: 'svc', labels },
    status: { state, message: '', err: '' },
    desiredState: desired,
  };
}

describe('StatusReporter and TaskRunner', () => {
  let calls: TaskStatusUpdate[][];
  let failNext: number;
  let reporter: StatusReporter;
  let runner: TaskRunner;

  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    failNext = 0;
    reporter = new StatusReporter(
      async (updates) => {
        if (failNext > 0) {
          failNext--;
          throw new Error('unavailable');
        }
        calls.push(updates);
      },
      20,
      1000,
    );
    reporter.setOnline(true);
    runner = new TaskRunner(reporter, { ...defaultTaskBehaviour, stepDelayMs: 100 }, () => 0.5);
  });
  afterEach(() => {
    reporter.close();
    runner.clear();
    vi.useRealTimers();
  });

  const statesOf = (id: string) =>
    calls
      .flat()
      .filter((u) => u.taskId === id)
      .map((u) => u.status.state);

  it('reports every transition of a task, each in its own call', async () => {
    runner.applyComplete([task('t1', S.RUNNING)]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(statesOf('t1')).toEqual([S.ACCEPTED, S.PREPARING, S.READY, S.STARTING, S.RUNNING]);
    expect(calls.every((c) => c.filter((u) => u.taskId === 't1').length === 1)).toBe(true);
    expect(runner.countByState()).toEqual({ running: 1 });
  });

  it('notes in the record slot exactly the timestamp each report carries, and ASSIGNED as received', async () => {
    const notes: [string, string, number][] = [];
    const noted = new TaskRunner(reporter, { ...defaultTaskBehaviour, stepDelayMs: 100 }, () => 0.5, {
      note: (t, s, ms) => notes.push([t, s, ms]),
    });
    const t = task('r1', S.RUNNING);
    t.status!.timestamp = { seconds: '1700000000', nanos: 250_000_000 };
    noted.applyComplete([t]);
    await vi.advanceTimersByTimeAsync(2000);
    noted.clear();
    const sent = calls
      .flat()
      .filter((u) => u.taskId === 'r1')
      .map((u) => Number(u.status.timestamp!.seconds) * 1000 + u.status.timestamp!.nanos / 1e6);
    expect(notes[0]).toEqual(['r1', 'assigned', 1_700_000_000_250]);
    expect(notes.slice(1).map((n) => n[1])).toEqual(['accepted', 'preparing', 'ready', 'starting', 'running']);
    expect(notes.slice(1).map((n) => n[2])).toEqual(sent);
  });

  it('batches the reports of many tasks into few calls', async () => {
    runner.applyComplete(Array.from({ length: 50 }, (_, i) => task(`t${i}`, S.RUNNING)));
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.flat()).toHaveLength(250);
    expect(calls.length).toBeLessThanOrEqual(10);
  });

  it('pauses at READY and shuts down when SHUTDOWN becomes desired', async () => {
    runner.apply(task('t1', S.READY));
    await vi.advanceTimersByTimeAsync(2000);
    expect(statesOf('t1').at(-1)).toBe(S.READY);
    runner.apply(task('t1', S.SHUTDOWN, S.READY));
    await vi.advanceTimersByTimeAsync(200);
    expect(statesOf('t1').at(-1)).toBe(S.SHUTDOWN);
  });

  it('abandons a planned step when the desired state changes', async () => {
    runner.apply(task('t1', S.RUNNING));
    await vi.advanceTimersByTimeAsync(150); // ACCEPTED reported, PREPARING planned
    runner.apply(task('t1', S.REMOVE, S.ACCEPTED));
    await vi.advanceTimersByTimeAsync(1000);
    expect(statesOf('t1')).toEqual([S.ACCEPTED, S.SHUTDOWN]);
  });

  it('retries a failed report and does not move the task on meanwhile', async () => {
    failNext = 2;
    runner.apply(task('t1', S.RUNNING));
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(statesOf('t1')).toEqual([S.ACCEPTED, S.PREPARING, S.READY, S.STARTING, S.RUNNING]);
  });

  it('holds reports while offline and sends them when back online', async () => {
    reporter.setOnline(false);
    runner.apply(task('t1', S.RUNNING));
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    expect(reporter.queued).toBe(1);
    reporter.setOnline(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(statesOf('t1').at(-1)).toBe(S.RUNNING);
  });

  it('a COMPLETE assignment set drops tasks it does not list; REMOVE drops one', async () => {
    runner.applyComplete([task('a', S.RUNNING), task('b', S.RUNNING)]);
    runner.applyComplete([task('b', S.RUNNING)]);
    expect(runner.size).toBe(1);
    runner.remove('b');
    expect(runner.size).toBe(0);
  });

  it('fails tasks a service asks to fail, with the exit code', async () => {
    runner.apply(
      task('t1', S.RUNNING, S.ASSIGNED, {
        'swarmbench.hollow.fail-fraction': '1',
        'swarmbench.hollow.fail-exit-code': '42',
        'swarmbench.hollow.fail-after-ms': '300',
      }),
    );
    await vi.advanceTimersByTimeAsync(3000);
    const last = calls.flat().at(-1)!;
    expect(last.status.state).toBe(S.FAILED);
    expect(last.status.container?.exitCode).toBe(42);
    expect(last.status.err).toBe('task: non-zero exit (42)');
  });

  it("takes the manager's state when it is ahead (e.g. ORPHANED) and stops there", async () => {
    runner.apply(task('t1', S.RUNNING));
    await vi.advanceTimersByTimeAsync(2000);
    runner.apply(task('t1', S.RUNNING, S.ORPHANED));
    await vi.advanceTimersByTimeAsync(2000);
    expect(runner.countByState()).toEqual({ orphaned: 1 });
  });
});
