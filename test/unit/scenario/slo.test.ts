// SLO expressions: units on bounds, comparisons, and no-data as a failure.
import { describe, expect, it } from 'vitest';
import { evaluateSlos, parseSlo, type Slo } from '../../../harness/scenario/slo.js';
import { verdictOf } from '../../../harness/scenario/verdict.js';
import { ScenarioFailure } from '../../../harness/scenario/failure.js';
import { InfrastructureError } from '../../../harness/errors.js';

const slo = (e: string) => parseSlo(e) as Slo;

describe('SLOs', () => {
  it('parses bounds in the unit of the metric', () => {
    expect(slo('tasks.startup_latency.p99 < 30s')).toMatchObject({
      metric: 'tasks.startup_latency.p99',
      op: '<',
      bound: 30_000,
      unit: 'ms',
    });
    expect(slo('scale.tasks_per_second > 2')).toMatchObject({ bound: 2, unit: 'per_s' });
    expect(slo('scale.tasks_per_second > 2/s')).toMatchObject({ bound: 2 });
    expect(slo('chaos.tasks_lost == 0')).toMatchObject({ op: '==', bound: 0, unit: 'count' });
    expect(slo('http.success_ratio >= 0.999')).toMatchObject({ bound: 0.999, unit: 'ratio' });
    expect(slo('http.success_ratio >= 99.9%').bound).toBeCloseTo(0.999);
    expect(slo('chaos.converge_time.max <= 1m30s').bound).toBe(90_000);
  });

  it('says what is wrong with a bad expression', () => {
    expect(parseSlo('tasks.startup_latency.p99 < 30')).toMatch(/with its unit, e\.g\. 30s/);
    expect(parseSlo('latency is low')).toMatch(/expected 'metric op bound'/);
    expect(parseSlo('made.up > 1')).toMatch(/unknown metric 'made.up'/);
    expect(parseSlo('http.success_ratio > lots')).toMatch(/expected a ratio/);
  });

  it('evaluates, and a missing value is no-data, never a pass', () => {
    const slos = [
      'tasks.startup_latency.p99 < 30s',
      'scale.tasks_per_second > 2',
      'chaos.tasks_lost == 0',
      'http.success_ratio >= 0.999',
    ].map(slo);
    const r = evaluateSlos(slos, {
      'tasks.startup_latency.p99': 12_000,
      'scale.tasks_per_second': 1.5,
      'chaos.tasks_lost': 0,
    });
    expect(r.map((x) => x.verdict)).toEqual(['pass', 'fail', 'pass', 'no-data']);
    expect(r[3]!.value).toBeNull();
    expect(evaluateSlos([slo('chaos.tasks_lost == 0')], { 'chaos.tasks_lost': Number.NaN })[0]!.verdict).toBe(
      'no-data',
    );
  });

  it('turns results and errors into a verdict with an exit code and a reason', () => {
    const pass = evaluateSlos([slo('chaos.tasks_lost == 0')], { 'chaos.tasks_lost': 0 });
    expect(verdictOf(pass, undefined)).toMatchObject({ status: 'passed', exitCode: 0 });
    const fail = evaluateSlos([slo('chaos.tasks_lost == 0')], {});
    expect(verdictOf(fail, undefined)).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(verdictOf(fail, undefined).reason).toMatch(/chaos.tasks_lost = no data .*no-data/);
    expect(verdictOf(pass, new ScenarioFailure('service top not converged'))).toMatchObject({
      status: 'failed',
      exitCode: 1,
    });
    expect(verdictOf(pass, new InfrastructureError('engine gone'))).toMatchObject({
      status: 'error',
      exitCode: 3,
      reason: 'INFRASTRUCTURE: engine gone',
    });
    expect(verdictOf(pass, new Error('boom')).exitCode).toBe(3);
  });
});
