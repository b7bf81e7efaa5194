import { describe, expect, it } from 'vitest';
import { CountRate, cpuPercent, CpuRate, windowRate } from '../../../harness/metrics/rate.js';
import { perSecondCounts } from '../../../harness/metrics/fold-kit.js';
import { countNodes, LeaderTracker } from '../../../harness/metrics/node-tracker.js';
import type { SwarmNode } from '../../../harness/docker/swarm-read.js';
import { fakeNode } from '../../support/swarm-fixtures.js';
import { CallBudget } from '../../../harness/metrics/call-budget.js';

describe('rates', () => {
  it('turns successive running counts into tasks per second, never negative', () => {
    const r = new CountRate();
    expect(r.observe('s', 0, 0)).toBeUndefined();
    expect(r.observe('s', 10, 1000)).toBe(10);
    expect(r.observe('s', 30, 3000)).toBe(10);
    expect(r.observe('s', 20, 4000)).toBe(0);
  });

  it('computes CPU % of one core from cumulative nanoseconds', () => {
    expect(cpuPercent(0, 500_000_000, 1000)).toBe(50);
    expect(cpuPercent(0, 2_000_000_000, 1000)).toBe(200);
    expect(cpuPercent(5, 1, 1000)).toBeUndefined(); // counter reset after a restart
    const c = new CpuRate();
    expect(c.observe('x', 1e9, 0)).toBeUndefined();
    expect(c.observe('x', 1.25e9, 1000)).toBeCloseTo(25);
  });

  it('computes the rate of a batch over its own window: first creation to last running', () => {
    expect(windowRate([0, 500, 1000], [2000, 3000, 4000])).toEqual({ rate: 0.75, windowMs: 4000 });
    expect(windowRate([], [])).toBeUndefined();
  });

  it('counts tasks per second bucket', () => {
    expect(perSecondCounts([1000, 1500, 3999, 4000])).toEqual([2, 0, 1, 1]);
    expect(perSecondCounts([])).toEqual([]);
  });
});

describe('nodes', () => {
  const node = (
    id: string,
    state: SwarmNode['state'],
    role: 'manager' | 'worker',
    leader = false,
    hollow = false,
  ): SwarmNode => fakeNode({ id, role, state, leader, hollow });

  it('counts states and roles', () => {
    expect(
      countNodes([
        node('a', 'ready', 'manager', true),
        node('b', 'down', 'worker'),
        node('c', 'unknown', 'worker', false, true),
      ]),
    ).toMatchObject({ ready: 1, down: 1, unknown: 1, managers: 1, workers: 2, hollow: 1 });
  });

  it('reports each leader change once, not an election in progress', () => {
    const t = new LeaderTracker();
    expect(t.observe([node('a', 'ready', 'manager', true)])).toEqual({
      leader: 'a',
      previous: '',
      leaderHostname: 'a',
    });
    expect(t.observe([node('a', 'ready', 'manager', true)])).toBeUndefined();
    expect(t.observe([node('a', 'down', 'manager'), node('b', 'ready', 'manager')])).toBeUndefined();
    expect(t.observe([node('b', 'ready', 'manager', true)])).toEqual({
      leader: 'b',
      previous: 'a',
      leaderHostname: 'b',
    });
  });
});

describe('CallBudget', () => {
  it('keeps to one call per second per service, oldest wanted call first', () => {
    const b = new CallBudget();
    const made: string[][] = [];
    for (let t = 0; t < 6; t++)
      made.push(b.plan(t * 1000, 1, t === 4 ? ['services', 'tasks', 'nodes'] : ['services', 'tasks']));
    expect(made).toEqual([['services'], ['tasks'], ['services'], ['tasks'], ['nodes'], ['services']]);
  });

  it('lets several services share the budget', () => {
    const b = new CallBudget();
    expect(b.plan(0, 3, ['services', 'tasks', 'nodes', 'history'])).toEqual(['services', 'tasks', 'nodes']);
    expect(b.plan(1000, 3, ['services', 'tasks', 'nodes', 'history'])).toEqual(['history', 'services', 'tasks']);
  });

  it('never exceeds the budget over a long run', () => {
    const b = new CallBudget();
    let calls = 0;
    for (let t = 0; t < 1000; t++) calls += b.plan(t * 1000, 2, ['services', 'tasks', 'nodes', 'history']).length;
    expect(calls).toBeLessThanOrEqual(2 * 1000 + 2);
  });
});
