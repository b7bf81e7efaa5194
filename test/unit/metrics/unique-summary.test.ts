import { describe, expect, it } from 'vitest';
import { UniqueTimes } from '../../../harness/metrics/unique-times.js';
import { SummaryBuilder } from '../../../harness/metrics/summary.js';
import { withUnits } from '../../../harness/metrics/metric-map.js';
import { Measurement, type Point } from '../../../harness/metrics/measurements.js';

const p = (measurement: string, tags: Record<string, string>, fields: Point['fields'], timeMs: number): Point => ({
  measurement,
  tags,
  fields,
  timeMs,
});

describe('UniqueTimes', () => {
  it('moves a point that would overwrite another in its series by 1 ms', () => {
    const u = new UniqueTimes();
    expect(u.claim(p('t', { service: 'a' }, { v: 1 }, 1000.4))).toBe(1000);
    expect(u.claim(p('t', { service: 'a' }, { v: 2 }, 1000))).toBe(1001);
    expect(u.claim(p('t', { service: 'a' }, { v: 3 }, 999.6))).toBe(1002);
    expect(u.claim(p('t', { service: 'b' }, { v: 1 }, 1000))).toBe(1000);
    expect(u.claim(p('t', { service: 'a' }, { v: 1 }, 500))).toBe(500);
  });

  it('keeps memory bounded for long series', () => {
    const u = new UniqueTimes(10_000, 100);
    for (let t = 0; t < 1000; t++) u.claim(p('m', {}, { v: 1 }, t * 1000));
    expect(u.claim(p('m', {}, { v: 1 }, 999_000))).toBe(999_001);
  });
});

describe('SummaryBuilder', () => {
  it('computes the SLO figures overall and per step from recorded points', () => {
    const b = new SummaryBuilder();
    const task = (step: string, created: number, running: number) =>
      b.observe(
        p(
          Measurement.task,
          { step, service: 's' },
          { task: 'x', latency_ms: running - created, created_ms: created, running_ms: running },
          running,
        ),
      );
    task('scale-1', 0, 1000);
    task('scale-1', 0, 2000);
    task('scale-2', 10_000, 12_000);
    task('scale-2', 10_000, 14_000);
    b.observe(p(Measurement.nodeResources, { role: 'manager' }, { cpu_percent: 20, mem_bytes: 100 }, 1));
    b.observe(p(Measurement.nodeResources, { role: 'manager' }, { cpu_percent: 40, mem_bytes: 300 }, 2));
    b.observe(p(Measurement.nodeResources, { role: 'worker' }, { cpu_percent: 5, mem_bytes: 50 }, 2));
    b.observe(p(Measurement.harness, {}, { cpu_percent: 2, rss_bytes: 1, event_loop_lag_ms: 3 }, 2));
    b.observe(p(Measurement.leader, {}, { leader: 'a', previous: '' }, 1));
    b.observe(p(Measurement.leader, {}, { leader: 'b', previous: 'a' }, 2));
    b.observe(p(Measurement.service, { service: 's' }, { running: 3, desired: 4 }, 1));
    b.observe(p(Measurement.service, { service: 's' }, { running: 4, desired: 4 }, 2));
    const s = b.build([
      { name: 'scale-1', index: 0, startMs: 0, endMs: 5000 },
      { name: 'scale-2', index: 1, startMs: 10_000, endMs: 20_000 },
    ]);
    expect(s['tasks.started']).toBe(4);
    expect(s['tasks.startup_latency.p50']).toBe(2000);
    expect(s['tasks.startup_latency.max']).toBe(4000);
    expect(s['tasks.startup_latency.mean']).toBe(2250);
    // Over the steps' own windows (2 s and 4 s), not the 14 s from the first creation to the last start.
    expect(s['scale.tasks_per_second']).toBeCloseTo(4 / 6);
    expect(s['scale.step_rate.max']).toBe(1);
    expect(s['scale.step_rate.min']).toBe(0.5);
    expect(s['scale.running_per_second.max']).toBe(1);
    expect(s['step.scale-1.tasks.startup_latency.p99']).toBe(2000);
    expect(s['step.scale-1.scale.tasks_per_second']).toBe(1);
    expect(s['step.scale-2.scale.tasks_per_second']).toBe(0.5);
    expect(s['manager.cpu_percent.mean']).toBe(30);
    expect(s['manager.cpu_percent.max']).toBe(40);
    expect(s['worker.cpu_percent.max']).toBe(5);
    expect(s['manager.mem_bytes.max']).toBe(300);
    expect(s['harness.cpu_percent.max']).toBe(2);
    expect(s['leader.changes']).toBe(1);
    expect(s['tasks.running']).toBe(4);
    const rec = withUnits(s);
    expect(rec['tasks.startup_latency.p99']).toEqual({ value: 4000, unit: 'ms', better: 'smaller' });
    expect(rec['scale.tasks_per_second']?.better).toBe('bigger');
  });
});

describe('calibrated rate', () => {
  it("puts the swarm rate beside the sum of the hosts' raw start rates", async () => {
    const host = (containersPerSecond: number) => ({
      host: 'h',
      engineVersion: '',
      started: 1,
      failed: 0,
      containersPerSecond,
      wallContainersPerSecond: 1,
      elapsedMs: 1,
      errors: [],
    });
    const c = {
      schemaVersion: 1 as const,
      measuredAt: '',
      image: '',
      count: 1,
      concurrency: 1,
      hosts: { a: host(6), b: host(4) },
    };
    const task = (running: number) => ({
      measurement: 'swarm_task_status',
      tags: { step: 's' },
      fields: { latency_ms: 100, created_ms: 0, running_ms: running },
      timeMs: running,
    });
    const withTasks = new SummaryBuilder({ calibration: c });
    withTasks.observe(task(1000));
    withTasks.observe(task(2000));
    const s = withTasks.build([]);
    expect(s['scale.tasks_per_second']).toBe(1);
    expect(s['scale.calibrated_rate']).toBe(10);
    expect(s['scale.fraction_of_hardware']).toBe(0.1);
    expect(new SummaryBuilder({ calibration: c }).build([])).toMatchObject({ 'scale.calibrated_rate': 10 });
    expect(new SummaryBuilder({ calibration: c }).build([])['scale.fraction_of_hardware']).toBeUndefined();
    expect(withTasksNoCalibration()['scale.calibrated_rate']).toBeUndefined();
    function withTasksNoCalibration() {
      const b = new SummaryBuilder();
      b.observe(task(1000));
      return b.build([]);
    }
  });
});

describe('withUnits', () => {
  it("gives the plug-ins' units, also to per-step names, whatever dots the step name holds", async () => {
    const { withUnits } = await import('../../../harness/metrics/metric-map.js');
    const m = withUnits({
      'tasks.startup_latency.p99': 1200,
      'step.ramp 1.tasks.startup_latency.p99': 900,
      'step.service.create.tasks.startup_latency.p99': 800,
      'manager.cpu_percent.mean': 3,
      'scale.fraction_of_hardware': 0.4,
      'x.nan': Number.NaN,
    });
    expect(m['tasks.startup_latency.p99']).toEqual({ value: 1200, unit: 'ms', better: 'smaller' });
    expect(m['step.ramp 1.tasks.startup_latency.p99']).toEqual({ value: 900, unit: 'ms', better: 'smaller' });
    // An unnamed step is named after its dotted type: its figures keep their unit (issue 13 found them as counts).
    expect(m['step.service.create.tasks.startup_latency.p99']).toEqual({ value: 800, unit: 'ms', better: 'smaller' });
    expect(m['manager.cpu_percent.mean']).toEqual({ value: 3, unit: 'percent', better: 'smaller' });
    expect(m['scale.fraction_of_hardware']).toEqual({ value: 0.4, unit: 'ratio', better: 'bigger' });
    expect(m['x.nan']).toBeUndefined();
  });
});
