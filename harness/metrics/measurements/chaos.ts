// Chaos: what a chaos step did and how the swarm recovered. The step measures the intervals and
// writes one point per action; the same figures are folded from those points when a report is
// rebuilt from metrics.lp (the step's own values win when both exist: same numbers, exact).
import { chaosEvents, stepAt } from '../analysis.js';
import { putStats } from '../fold-kit.js';
import { Measurement, type Point } from '../measurements.js';
import { summarize } from '../percentiles.js';
import type { MeasurementPlugin, MetricsSummary } from '../plugin.js';

const INTERVALS = [
  ['detectMs', 'chaos.detect_time'],
  ['rescheduleMs', 'chaos.reschedule_time'],
  ['convergeMs', 'chaos.converge_time'],
] as const;

export const chaos: MeasurementPlugin = {
  name: 'chaos',
  description: 'chaos actions and the intervals until the swarm noticed, rescheduled and converged',
  producedBy: 'the chaos step',
  points: [
    {
      measurement: Measurement.chaos,
      every: 'one per chaos action, once the swarm recovered (or the step gave up)',
      tags: '`action`',
      fields:
        '`target` (string), `detect_ms`, `reschedule_ms`, `converge_ms` (floats, when measured), `tasks_lost` (int); a leader kill (action `leader-<action>`) writes its election time as `detect_ms`',
    },
  ],
  metrics: [
    {
      name: 'chaos.tasks_lost',
      unit: 'count',
      better: 'smaller',
      gate: true,
      description: 'tasks not running again when a chaos step ended',
    },
    {
      name: 'chaos.detect_time',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'chaos -> manager marks the node Down',
    },
    {
      name: 'chaos.reschedule_time',
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'chaos -> lost tasks running again elsewhere',
    },
    {
      name: 'chaos.converge_time',
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'chaos -> service converged and nodes back',
    },
    {
      name: 'chaos.leader_election_time',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      description: 'leader killed -> another manager leads',
    },
  ],
  fold() {
    const points: Point[] = [];
    return {
      observe: (p) => void points.push(p),
      build(): MetricsSummary {
        const events = chaosEvents(points);
        const out: MetricsSummary = {};
        if (events.length === 0) return out;
        for (const [key, name] of INTERVALS)
          putStats(out, name, summarize(events.flatMap((e) => (e[key] === undefined ? [] : [e[key]!]))));
        out['chaos.tasks_lost'] = events.reduce((s, e) => s + (e.tasksLost ?? 0), 0);
        return out;
      },
    };
  },
  charts: [
    {
      id: 'chaos',
      order: 80,
      title: 'Chaos timeline',
      caption:
        'For each chaos action: time until the node was marked Down, until its tasks were rescheduled, and until the service converged again.',
      missing: 'no chaos points were recorded',
      build: async (a) => (await import('../charts/chaos.js')).chaosChart(a),
      height: async (a) => (await import('../charts/chaos.js')).chaosChartHeight(a.chaos.length),
      optional: true,
    },
  ],
  distributions: (a) =>
    INTERVALS.map(([key, name]) => ({
      name,
      unit: 'ms' as const,
      rows: a.chaos.flatMap((c) =>
        c[key] === undefined ? [] : [{ step: c.step || stepAt(a, c.startMs), value: c[key]! }],
      ),
    })),
};
