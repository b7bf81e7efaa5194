// Ratios to the host are computed from the run's final figures: a step's own rate, where it
// replaced the session's, is the one divided (issue 13 found fraction_of_hardware of another rate).
import { describe, expect, it } from 'vitest';
import type { NestedCalibration } from '../../../harness/metrics/nested-calibration.js';
import { deriveFigures, metricDef } from '../../../harness/metrics/registry.js';

const nested: NestedCalibration = {
  measuredAt: '',
  image: 'alpine',
  nodes: 3,
  perNode: 4,
  started: 12,
  containersPerSecond: 4,
  errors: [],
};

describe('derived figures', () => {
  it('efficiency of the run and of each step, against the nested start rate', () => {
    const out = deriveFigures(
      { 'scale.tasks_per_second': 2, 'step.service.create.scale.tasks_per_second': 4, 'tasks.started': 9 },
      { nested },
    );
    expect(out['scale.nested_rate']).toBe(4);
    expect(out['scale.efficiency']).toBe(0.5);
    expect(out['step.service.create.scale.efficiency']).toBe(1);
    expect(metricDef('step.service.create.scale.efficiency')).toMatchObject({ unit: 'ratio', better: 'bigger' });
    expect(deriveFigures({ 'scale.tasks_per_second': 2 }, {})['scale.efficiency']).toBeUndefined();
  });

  it('fraction of hardware is of the rate given, whichever computed it', () => {
    const host = {
      host: 'local',
      engineVersion: '',
      started: 1,
      failed: 0,
      containersPerSecond: 8,
      wallContainersPerSecond: 8,
      elapsedMs: 1,
      errors: [],
    };
    const calibration = {
      schemaVersion: 1 as const,
      measuredAt: '',
      image: '',
      count: 1,
      concurrency: 1,
      hosts: { local: host },
    };
    const session = deriveFigures({ 'scale.tasks_per_second': 2 }, { calibration });
    expect(session['scale.fraction_of_hardware']).toBe(0.25);
    // The runner merges the step's rate (4/s) over the session's, then derives again.
    const final = deriveFigures({ ...session, 'scale.tasks_per_second': 4 }, { calibration });
    expect(final['scale.fraction_of_hardware']).toBe(0.5);
  });
});
