import { describe, expect, it } from 'vitest';
import { agreement } from '../../../bench/phases/agreement.js';
import { parseTaskRecord } from '../../../harness/hollow/task-record.js';
import type { Point } from '../../../harness/metrics/measurements.js';

const point = (fields: Record<string, number | string>): Point => ({
  measurement: 'swarm_task_status',
  tags: {},
  fields,
  timeMs: 0,
});

const RECORD = parseTaskRecord(
  [
    'task\tstate\tms',
    't1\tassigned\t1000',
    't1\taccepted\t1150',
    't1\tpreparing\t1300',
    't1\tready\t1450',
    't1\tstarting\t1600',
    't1\trunning\t1750',
    'task\tstate\tms', // a second process's header in the same text
    't2\tassigned\t2000',
    't2\tpreparing\t2300',
    't2\tstarting\t2600',
    't2\trunning\t2750',
    'garbage line',
  ].join('\n'),
);

describe('phase agreement with the simulator record', () => {
  it('parses the record and skips headers and broken lines', () => {
    expect(RECORD).toHaveLength(10);
    expect(RECORD[0]).toEqual({ task: 't1', state: 'assigned', ms: 1000 });
  });

  it('compares only what was observed, per state and per phase', () => {
    const points = [
      // t1: assigned and running observed exactly, preparing 40 ms late; no phase with both ends but dispatch
      point({ task: 't1', running_ms: 1750, assigned_ms: 1000, preparing_ms: 1340, phase_dispatch_ms: 340 }),
      // t2: starting 250 ms off (beyond 100 ms), start phase off by the same
      point({ task: 't2', running_ms: 2750, starting_ms: 2350, phase_start_ms: 400 }),
      point({ task: 'unknown', running_ms: 5 }),
      point({ task: 't1', latency_ms: 3 }), // not a running report: skipped
    ];
    const a = agreement(points, RECORD);
    expect(a.tasks).toBe(2);
    expect(a.unknownTasks).toBe(1);
    // t1: assigned, preparing, running + phase dispatch; t2: starting, running + phase start
    expect(a.compared).toBe(7);
    expect(a.within).toBe(5);
    expect(a.share).toBeCloseTo(5 / 7);
    expect(a.worstMs).toBe(250);
    expect(a.worst?.task).toBe('t2');
    expect(a.by['phase dispatch']).toEqual({ compared: 1, within: 1, worstMs: 40 });
    // t1 knows 6 states, 3 observed; t2 knows 4, 2 observed
    expect(a.unobservedShare).toBeCloseTo(5 / 10);
  });

  it('is empty, not perfect, when nothing was compared', () => {
    const a = agreement([], RECORD);
    expect(a.compared).toBe(0);
    expect(a.share).toBe(0);
  });
});
