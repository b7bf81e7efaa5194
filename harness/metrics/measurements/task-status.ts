// Task start-up: one point per task that reached running, with the swarm's own timestamps; the
// run's start-up latency, tasks started and scheduling throughput, overall and per step.
import { swarmCollector } from '../collectors/index.js';
import { minOf, numberField, perSecondCounts, putStats } from '../fold-kit.js';
import { Measurement, type Point } from '../measurements.js';
import { summarize } from '../percentiles.js';
import type { Fold, FoldContext, MeasurementPlugin, MetricsSummary } from '../plugin.js';
import { throughput } from '../rate.js';
import { PART_PHASES } from '../task-phases.js';

const PHASE_COLUMNS = PART_PHASES.map((p) => `phase_${p}_ms`);

interface Samples {
  latencies: number[];
  runningTimes: number[];
}

function fold(): Fold {
  const all: Samples & { createdTimes: number[] } = { latencies: [], runningTimes: [], createdTimes: [] };
  const steps = new Map<string, Samples>();
  return {
    observe(p: Point) {
      const lat = numberField(p, 'latency_ms');
      const run = numberField(p, 'running_ms');
      if (lat === undefined || run === undefined) return; // not a task sample of ours
      all.latencies.push(lat);
      all.runningTimes.push(run);
      all.createdTimes.push(Number(p.fields.created_ms));
      const name = p.tags.step ?? '';
      let step = steps.get(name);
      if (!step) steps.set(name, (step = { latencies: [], runningTimes: [] }));
      step.latencies.push(lat);
      step.runningTimes.push(run);
    },
    build({ windows }: FoldContext): MetricsSummary {
      const out: MetricsSummary = {};
      putStats(out, 'tasks.startup_latency', summarize(all.latencies));
      out['tasks.started'] = all.latencies.length;
      if (all.runningTimes.length > 0) {
        const from = minOf(all.createdTimes);
        const rate = throughput(all.runningTimes, Number.isFinite(from) ? from : minOf(all.runningTimes));
        if (rate !== undefined) out['scale.tasks_per_second'] = rate;
        putStats(out, 'scale.tasks_per_second', summarize(perSecondCounts(all.runningTimes)));
      }
      for (const w of windows) {
        const s = steps.get(w.name);
        if (!s || s.latencies.length === 0) continue;
        const prefix = `step.${w.name}`;
        putStats(out, `${prefix}.tasks.startup_latency`, summarize(s.latencies));
        out[`${prefix}.tasks.started`] = s.latencies.length;
        const rate = throughput(s.runningTimes, w.startMs, w.endMs);
        if (rate !== undefined) out[`${prefix}.scale.tasks_per_second`] = rate;
      }
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
      shape: 'both',
      unit: 'per_s',
      better: 'bigger',
      gate: true,
      perStep: true,
      description:
        'tasks reaching running per second. No suffix: started ÷ (last running − first creation), or over the scale steps when they ran; .p50…: the per-second counts; per step: over the step',
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
