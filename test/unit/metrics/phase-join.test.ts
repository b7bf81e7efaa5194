// Phases from the swarm's looks joined with the worker engine's record of the task's container:
// the engine's create time stands in for a STARTING no look caught, never for one it caught.
import { describe, expect, it } from 'vitest';
import { parseTaskEvents } from '../../../harness/docker/task-containers.js';
import type { Point } from '../../../harness/metrics/measurements.js';
import { joinedPhases, sharpen } from '../../../harness/metrics/phase-join.js';

const T = 1_700_000_000_000;
const task = (id: string, fields: Record<string, number>): Point => ({
  measurement: 'swarm_task_status',
  tags: { step: 'up' },
  fields: { task: id, node: 'n', created_ms: T, ...fields },
  timeMs: T,
});
const engine = (id: string, createdMs: number): Point => ({
  measurement: 'swarm_task_engine',
  tags: { step: 'up' },
  fields: { task: id, node: 'w1', container_created_ms: createdMs, container_started_ms: createdMs + 300 },
  timeMs: createdMs,
});

describe('phases joined with the engine record', () => {
  it('fills an unobserved STARTING from the container create time: prepare and start become known', () => {
    // a cold pull: preparing seen at +160 ms, starting missed, running at +3.9 s
    const t = task('a', { latency_ms: 3900, running_ms: T + 3900, preparing_ms: T + 160 });
    const [joined] = joinedPhases([t, engine('a', T + 3500)]);
    expect(joined!.phases).toEqual({ prepare: 3340, start: 400 });
  });

  it('keeps what the look saw, and ignores an engine time that cannot be STARTING', () => {
    const seen = task('b', {
      latency_ms: 2000,
      running_ms: T + 2000,
      starting_ms: T + 1000,
      preparing_ms: T + 100,
      phase_prepare_ms: 900,
      phase_start_ms: 1000,
    });
    const late = task('c', { latency_ms: 1000, running_ms: T + 1000, preparing_ms: T + 100 });
    const [b, c] = joinedPhases([seen, late, engine('b', T + 1500), engine('c', T + 5000)]);
    expect(b!.phases).toEqual({ prepare: 900, start: 1000 });
    expect(c!.phases).toEqual({});
    const entries = { createdMs: T, entered: { running: T + 10 } };
    expect(sharpen(entries, T + 20)).toBe(entries);
  });

  it('leaves tasks without an engine record as the look saw them', () => {
    const [d] = joinedPhases([task('d', { latency_ms: 800, running_ms: T + 800 })]);
    expect(d!.phases).toEqual({});
  });
});

describe('docker events of task containers', () => {
  it('keeps the first create and start per task id and skips containers that are not tasks', () => {
    const text = [
      'create abc 1700000000123456789',
      'start abc 1700000000500000000',
      'start abc 1700000009000000000', // a restart: not the first start
      'create <no value> 1700000000000000000',
      'destroy abc 1700000010000000000',
      '',
    ].join('\n');
    expect(parseTaskEvents(text)).toEqual([{ task: 'abc', createdMs: 1700000000123.456, startedMs: 1700000000500 }]);
  });
});
