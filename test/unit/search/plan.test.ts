// The search block's validation: every problem as a sentence naming its key; growth sizes.
import { describe, expect, it } from 'vitest';
import { describeGrowth, growthSizes, validateSearch } from '../../../harness/search/plan.js';

const params = { replicas: { default: 10 }, image: { default: 'nginx' }, ratio: { default: 0.5 } };

describe('search plan', () => {
  it('accepts a spec and reads budget as a duration', () => {
    const r = validateSearch(
      { param: 'replicas', from: 100, step: 100, max: 1000, refine: 3, guards: { memFraction: 0.9, budget: '2h' } },
      params,
    );
    expect(r.errors).toEqual([]);
    expect(r.spec).toEqual({
      param: 'replicas',
      from: 100,
      step: 100,
      max: 1000,
      refine: 3,
      guards: { memFraction: 0.9, budgetMs: 7_200_000 },
    });
    expect(validateSearch({ param: 'replicas', from: 1, factor: 2, max: 8 }, params).spec).toMatchObject({
      factor: 2,
      refine: 0,
      guards: {},
    });
  });

  it('lists every problem with its key', () => {
    const r = validateSearch(
      {
        param: 'image',
        from: -1,
        step: 1,
        factor: 2,
        max: 0,
        refine: 1.5,
        guards: { memFraction: 2, budget: 'soon', x: 1 },
        y: 1,
      },
      params,
    );
    expect(r.spec).toBeUndefined();
    expect(r.errors).toEqual([
      'search.y: unknown key (param, from, step, factor, max, refine, guards)',
      "search.param: 'image' must be an integer parameter (it is string)",
      'search.from: expected an integer >= 0',
      'search.max: expected an integer >= 1',
      'search: give exactly one of step (added each time) or factor (multiplied each time)',
      'search.refine: expected an integer >= 0 (bisection rounds)',
      'search.guards.x: unknown key (memFraction, budget)',
      'search.guards.memFraction: expected a number in (0, 1], e.g. 0.9',
      'search.guards.budget: expected a duration such as 2h or 90m (a bare number is seconds)',
    ]);
    expect(validateSearch({ param: 'nope', from: 5, step: 1, max: 4 }, params).errors).toEqual([
      "search.param: 'nope' is not one of the scenario's params (replicas, image, ratio)",
      'search.max: 4 is below search.from (5)',
    ]);
    expect(validateSearch({ param: 'ratio', from: 0, factor: 1, max: 4 }, params).errors).toEqual([
      "search.param: 'ratio' must be an integer parameter (it is number)",
      'search.factor: expected a number > 1',
    ]);
    expect(validateSearch({ param: 'replicas', from: 0, factor: 2, max: 4 }, params).errors).toEqual([
      'search.from: must be >= 1 with a factor (0 × factor stays 0)',
    ]);
    expect(validateSearch('big', params).errors[0]).toMatch(/expected a map/);
  });

  it('grows in integers, at least by one, clamped to max', () => {
    const spec = (over: object) => validateSearch({ param: 'replicas', from: 1, max: 10, ...over }, params).spec!;
    expect(growthSizes(spec({ factor: 1.2 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    expect(growthSizes(spec({ step: 4 }))).toEqual([1, 5, 9, 10]);
    expect(describeGrowth(spec({ step: 4000 }))).toBe('steps of 4,000');
    expect(describeGrowth(spec({ factor: 1.5 }))).toBe('×1.5 steps');
  });
});
