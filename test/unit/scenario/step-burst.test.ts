import { describe, expect, it } from 'vitest';
import { perNodeFor } from '../../../harness/metrics/nested-calibration.js';
import { largestBurst } from '../../../harness/scenario/step-burst.js';
import type { ResolvedStep } from '../../../harness/scenario/types.js';

const step = (type: string, body: Record<string, unknown>, index = 0) =>
  ({ type, body, name: type, index, sourceIndex: index }) as unknown as ResolvedStep;

describe('the largest burst of a scenario', () => {
  it('is the largest create or scale-up, counted against each service’s own replicas', () => {
    const steps = [
      step('service.create', { name: 'a', image: 'alpine', replicas: 10 }),
      step('service.scale', { service: 'a', replicas: 60 }), // +50
      step('service.create', { name: 'b', image: 'alpine', replicas: 0 }),
      step('service.scale', { service: 'b', replicas: 30 }), // +30
      step('service.scale', { service: 'a', replicas: 20 }), // a scale-down is no burst
      step('service.scale', { service: 'a', replicas: 65 }), // +45
      step('sleep', { duration: '1s' }),
    ];
    expect(largestBurst(steps)).toBe(50);
  });

  it('counts a global service as no burst and a scenario without services as none', () => {
    expect(largestBurst([step('service.create', { name: 'g', image: 'alpine', mode: 'global', replicas: 9 })])).toBe(0);
    expect(largestBurst([step('sleep', { duration: '1s' })])).toBe(0);
  });
});

describe('containers per node for the nested start rate', () => {
  it('spreads the burst over the workers, at least 1 and at most 16 per node', () => {
    expect(perNodeFor(50, 9)).toBe(6);
    expect(perNodeFor(3, 9)).toBe(1);
    expect(perNodeFor(1000, 4)).toBe(16);
  });
  it('falls back to 4 without a burst or workers', () => {
    expect(perNodeFor(undefined, 9)).toBe(4);
    expect(perNodeFor(0, 9)).toBe(4);
    expect(perNodeFor(40, 0)).toBe(4);
  });
});
