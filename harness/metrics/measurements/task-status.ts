// Task start-up: one point per task that reached running, with the swarm's own timestamps; the
// run's start-up latency, tasks started and scheduling throughput, overall and per step.
import { swarmCollector } from '../collectors/index.js';
import { numberField, perSecondCounts, putStats, RunAndSteps } from '../fold-kit.js';
import { Measurement, type Point } from '../measurements.js';
import { summarize } from '../percentiles.js';
import type { Fold, FoldContext, MeasurementPlugin, MetricsSummary } from '../plugin.js';
import { windowRate } from '../rate.js';
import { PART_PHASES } from '../task-phases.js';

const PHASE_COLUMNS = PART_PHASES.map((p) => `phase_${p}_ms`);

interface Samples {
  latencies: number[];
  runningTimes: number[];
  createdTimes: number[];
}

const samples = (): Samples => ({ latencies: [], runningTimes: [], createdTimes: [] });

function fold(): Fold {
  const tasks = new RunAndSteps(samples);
  return {
    observe(p: Point) {
      const lat = numberField(p, 'latency_ms');
      const run = numberField(p, 'running_ms');
      if (lat === undefined || run === undefined) return; // not a task sample of ours
      tasks.add(p, (s) => {
        s.latencies.push(lat);
        s.runningTimes.push(run);
        s.createdTimes.push(Number(p.fields.created_ms));
      });
    },
    build({ windows }: FoldContext): MetricsSummary {
      const out: MetricsSummary = {};
      const all = tasks.run;
      putStats(out, 'tasks.startup_latency', summarize(all.latencies));
      out['tasks.started'] = all.latencies.length;
      putStats(out, 'scale.running_per_second', summarize(perSecondCounts(all.runningTimes)));
      // Each step's rate over its own window; the run's over the steps' windows added up: the
      // waits between steps (settle, sleep) are not time spent starting tasks. Tasks of a step
      // the run did not announce (a session without steps) count as one more step.
      const rates: number[] = [];
      let started = 0;
      let windowMs = 0;
      const named = new Set(windows.map((w) => w.name));
      for (const [name, s] of tasks.steps()) {
        const r = windowRate(s.createdTimes, s.runningTimes);
        if (!r) continue;
        started += s.runningTimes.length;
        windowMs += r.windowMs;
        if (!named.has(name)) continue;
        const prefix = `step.${name}`;
        putStats(out, `${prefix}.tasks.startup_latency`, summarize(s.latencies));
        out[`${prefix}.tasks.started`] = s.latencies.length;
        out[`${prefix}.scale.tasks_per_second`] = r.rate;
        rates.push(r.rate);
      }
      if (windowMs > 0) out['scale.tasks_per_second'] = started / (windowMs / 1000);
      putStats(out, 'scale.step_rate', summarize(rates));
      return out;
    },
  };
}

export const taskStatus: MeasurementPlugin = {
  name: 'task_status',
  description: 'every task that reached running, timed by the swarm itself (created -> running)',
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  points: [
    {
      measurement: Measurement.task,
      every: 'one per task that reached running, at its running time',
      tags: '`service`',
      fields:
        '`task`, `node` (string ids), `latency_ms`, `created_ms`, `running_ms` (float); when a look at the swarm caught the task in them, the entry times `pending_ms`, `assigned_ms`, `accepted_ms`, `preparing_ms`, `ready_ms`, `starting_ms` and the phases `phase_scheduling_ms`, `phase_dispatch_ms`, `phase_prepare_ms`, `phase_start_ms` (float; absent when unobserved, see the `task_phases` plug-in)',
      stepByTime: true,
    },
  ],
  table: {
    file: 'tasks.csv',
    measurement: Measurement.task,
    // One column per phase after the original ones, empty when the phase was not observed.
    columns: ['task', 'service', 'node', 'created_ms', 'running_ms', 'latency_ms', 'step', ...PHASE_COLUMNS],
    row: ({ fields: f, tags }) => [
      f.task,
      tags.service ?? '',
      f.node,
      f.created_ms,
      f.running_ms,
      f.latency_ms,
      tags.step,
      ...PHASE_COLUMNS.map((c) => f[c]),
    ],
  },
  metrics: [
    {
      name: 'tasks.startup_latency',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      gate: true,
      perStep: true,
      description: 'task created -> running (swarm timestamps)',
    },
    {
      name: 'tasks.started',
      unit: 'count',
      better: 'bigger',
      gate: true,
      perStep: true,
      description: 'tasks that reached running',
    },
    {
      name: 'scale.tasks_per_second',
      unit: 'per_s',
      better: 'bigger',
      gate: true,
      perStep: true,
      description:
        "tasks that reached running in the steps ÷ the time the steps spent starting them (each step: its first task's creation to its last task running; the waits between steps left out). Per step: that step's alone",
    },
    {
      name: 'scale.step_rate',
      shape: 'distribution',
      unit: 'per_s',
      better: 'bigger',
      gate: true,
      gateStats: ['p50', 'mean'], // once per step: a handful of values
      description: 'the distribution of the steps’ own rates (step.<step>.scale.tasks_per_second) over the steps',
    },
    {
      name: 'scale.running_per_second',
      shape: 'distribution',
      unit: 'per_s',
      better: 'bigger',
      description:
        'tasks reaching running in each second, from the first such second to the last (idle seconds between steps count as 0)',
    },
  ],
  fold,
  charts: [
    {
      id: 'latency-histogram',
      order: 30,
      title: 'Task start-up latency',
      caption: 'How long tasks took from created to running (the swarm’s own timestamps), with p50, p90 and p99.',
      missing: 'no swarm_task_status points were recorded',
      build: async (a) => (await import('../charts/latency.js')).latencyHistogramChart(a),
    },
    {
      id: 'latency-cdf',
      order: 40,
      title: 'Task start-up latency (CDF)',
      caption: 'Share of tasks running within a given latency; read p50/p90/p99 where the curve crosses 50/90/99 %.',
      missing: 'no swarm_task_status points were recorded',
      build: async (a) => (await import('../charts/latency.js')).latencyCdfChart(a),
    },
  ],
  distributions: (a) => [
    { name: 'tasks.startup_latency', unit: 'ms', rows: a.latencies.map((l) => ({ step: l.step, value: l.latencyMs })) },
  ],
};
