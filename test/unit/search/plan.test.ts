// The search block's validation: every problem as a sentence naming its key; growth sizes.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';
import { describeGrowth, describeSearch, growthSizes, validateSearch } from '../../../harness/search/plan.js';

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
      'search.y: unknown key (param, from, step, factor, max, refine, guards, profile)',
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

  it('takes a profile block: seconds as --profile-seconds, a step the scenario has', () => {
    const steps = ['settle', 'create i=1', 'create i=2', 'hold'];
    const base = { param: 'replicas', from: 1, step: 1, max: 4 };
    expect(validateSearch({ ...base, profile: { seconds: 60, step: 'create' } }, params, steps).spec).toMatchObject({
      profile: { seconds: 60, step: 'create' },
    });
    // Absent, the spec has none: run-search then uses --profile-seconds and the first step.
    expect(validateSearch(base, params, steps).spec).not.toHaveProperty('profile');
    expect(validateSearch({ ...base, profile: {} }, params, steps).spec).toMatchObject({ profile: {} });
    // Without the step names (a spec checked alone), any name passes: the loader gives them.
    expect(validateSearch({ ...base, profile: { step: 'anything' } }, params).errors).toEqual([]);
    expect(
      validateSearch({ ...base, profile: { seconds: 0.5, step: 'ramp', every: 1 } }, params, steps).errors,
    ).toEqual([
      'search.profile.every: unknown key (seconds, step)',
      'search.profile.seconds: expected whole seconds from 1 to 3600, as --profile-seconds',
      "search.profile.step: no step is named 'ramp' (the steps: settle, create i=1, create i=2, hold)",
    ]);
    expect(validateSearch({ ...base, profile: { seconds: 3601, step: '' } }, params, steps).errors).toEqual([
      'search.profile.seconds: expected whole seconds from 1 to 3600, as --profile-seconds',
      'search.profile.step: expected the name of a step (the CPU profile starts with it)',
    ]);
    expect(validateSearch({ ...base, profile: 30 }, params).errors).toEqual([
      'search.profile: expected a map {seconds, step}',
    ]);
  });

  it('the loader checks the profile block in the file: a ${param} for seconds, a step the file has', () => {
    const file = (profile: string) =>
      [
        'name: s',
        'params:',
        '  n: {default: 2}',
        '  profile_seconds: {default: 20}',
        `search: {param: n, from: 1, step: 1, max: 3, profile: ${profile}}`,
        'steps:',
        '  - sleep: {duration: 1s}',
        '  - name: create',
        '    sleep: {duration: 1s}',
        '    repeat: {values: [1, 2], as: i}',
        '',
      ].join('\n');
    const ok = loadScenario('s.yaml', file("{seconds: '${profile_seconds}', step: create}"), {
      overrides: [['profile_seconds', '45']],
    });
    expect(ok.ok && ok.scenario.search?.profile).toEqual({ seconds: 45, step: 'create' });
    const bad = loadScenario('s.yaml', file('{step: ramp}'));
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toEqual([
      "s.yaml:5:9: search: search.profile.step: no step is named 'ramp' (the steps: sleep, create i=1, create i=2)",
    ]);
    const shape = loadScenario('s.yaml', file('{seconds: 0, every: 1}'));
    expect(shape.ok ? [] : shape.issues.map(formatIssue)).toHaveLength(2);
  });

  it('describes the plan in a line for `scenarios show`', () => {
    const spec = (over: object) =>
      validateSearch({ param: 'replicas', from: 1000, step: 1000, max: 10_000, ...over }, params).spec!;
    expect(
      describeSearch(
        spec({ refine: 1, guards: { memFraction: 0.85, budget: '6h' }, profile: { seconds: 60, step: 'create' } }),
      ),
    ).toBe(
      'replicas from 1,000 in steps of 1,000 up to 10,000, then 1 bisection round; stops early at host memory over 85 % or a budget of 6 h; every probe profiles the managers: 60 s of CPU from step create',
    );
    expect(describeSearch(spec({ step: undefined, factor: 2, guards: { budget: '45m' } }))).toBe(
      'replicas from 1,000 in ×2 steps up to 10,000, no bisection; stops early at a budget of 45m; every probe profiles the managers: --profile-seconds (30 s) of CPU from the first step',
    );
  });

  it('grows in integers, at least by one, clamped to max', () => {
    const spec = (over: object) => validateSearch({ param: 'replicas', from: 1, max: 10, ...over }, params).spec!;
    expect(growthSizes(spec({ factor: 1.2 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
    expect(growthSizes(spec({ step: 4 }))).toEqual([1, 5, 9, 10]);
    expect(describeGrowth(spec({ step: 4000 }))).toBe('steps of 4,000');
    expect(describeGrowth(spec({ factor: 1.5 }))).toBe('×1.5 steps');
  });
});
