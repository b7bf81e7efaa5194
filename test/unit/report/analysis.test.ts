// How points become series: CPU by role, chaos events dated from their action, marks and steps
// recovered from metrics.lp when run.json lacks them.
import { describe, expect, test } from 'vitest';
import { analyze } from '../../../harness/metrics/analysis.js';
import { completeRecord } from '../../../harness/report/record-defaults.js';
import type { Point } from '../../../harness/metrics/measurements.js';

const T = 1_763_690_400_000;
const pt = (measurement: string, dt: number, fields: Point['fields'], tags: Record<string, string> = {}): Point => ({
  measurement,
  tags,
  fields,
  timeMs: T + dt,
});

describe('analyze', () => {
  test('CPU: per bucket, mean and max over the nodes of each role', () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      pt('node_resources', 0, { cpu_percent: 10 }, { node: 'm0', role: 'manager' }),
      pt('node_resources', 100, { cpu_percent: 30 }, { node: 'm1', role: 'manager' }),
      pt('node_resources', 200, { cpu_percent: 2 }, { node: 'w0', role: 'worker' }),
      pt('node_resources', 300, { cpu_percent: 4 }, { node: 'w0', role: 'worker' }),
    ]);
    expect(a.cpu.manager).toEqual([{ timeMs: T, mean: 20, max: 30, nodes: 2 }]);
    expect(a.cpu.worker).toEqual([{ timeMs: T, mean: 3, max: 3, nodes: 1 }]);
  });

  test('a chaos point written after convergence is dated from its action', () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      pt(
        'chaos',
        60_000,
        { target: 'w1,w2', detect_ms: 12_000, reschedule_ms: 15_000, converge_ms: 40_000, tasks_lost: 0 },
        { action: 'kill', step: 'wave 1' },
      ),
    ]);
    expect(a.chaos).toHaveLength(1);
    expect(a.chaos[0]).toMatchObject({
      startMs: T + 20_000,
      action: 'kill',
      target: 'w1,w2',
      detectMs: 12_000,
      convergeMs: 40_000,
      step: 'wave 1',
    });
  });

  test('without a converge time, the chaos step’s start dates the action', () => {
    const a = analyze(
      completeRecord({ startMs: T, steps: [{ index: 1, name: 'wave 1', type: 'chaos', startMs: T + 5000 }] }, [], '/x'),
      [pt('chaos', 300_000, { target: 'w1', detect_ms: 12_000 }, { action: 'pause', step: 'wave 1' })],
    );
    expect(a.chaos[0]!.startMs).toBe(T + 5000);
  });

  test('marks and steps come from metrics.lp when run.json has none', () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      pt('step', 0, { event: 'start', index: 0 }, { step: 'create' }),
      pt('mark', 500, { value: 1 }, { name: 'created' }),
      pt('step', 900, { event: 'end', index: 0 }, { step: 'create' }),
      pt('step', 1000, { event: 'start', index: 1 }, { step: 'scale' }),
    ]);
    expect(a.marks).toEqual([{ name: 'created', timeMs: T + 500 }]);
    expect(a.steps).toEqual([
      { index: 0, name: 'create', type: '', startMs: T, endMs: T + 900 },
      { index: 1, name: 'scale', type: '', startMs: T + 1000 },
    ]);
  });

  test('the scheduling rate sums services per second', () => {
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      pt('swarm_sched', 1000, { running_per_s: 3, running: 3 }, { service: 'a' }),
      pt('swarm_sched', 1200, { running_per_s: 2, running: 2 }, { service: 'b' }),
      pt('swarm_sched', 2000, { running_per_s: 1, running: 4 }, { service: 'a' }),
    ]);
    expect(a.rate).toEqual([
      { timeMs: T + 1000, perSecond: 5 },
      { timeMs: T + 2000, perSecond: 1 },
    ]);
  });
});
