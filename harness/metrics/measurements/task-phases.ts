// Task phases: where a task's start-up time went (scheduling, dispatch, prepare, start), from the
// entry times of the states the swarm collector caught each task in (task-phases.ts), overall and
// per step, with the share of phases no look observed; and one point per task that failed or was
// rejected, with its message. Phases do not gate compare: which of them a run observes depends on
// when the collector looked, so their sample counts vary from run to run (often a handful of
// tasks), and their sum is tasks.startup_latency, which gates.
import { phaseNotes } from '../charts/phases.js';
import { swarmCollector } from '../collectors/index.js';
import { putStats, RunAndSteps } from '../fold-kit.js';
import { joinedPhases, PhaseJoin } from '../phase-join.js';
import { Measurement, type Point } from '../measurements.js';
import { summarize } from '../percentiles.js';
import type { Fold, FoldContext, MeasurementPlugin, MetricFamily, MetricsSummary } from '../plugin.js';
import { PART_PHASES, PHASES, type PhaseName } from '../task-phases.js';

interface Samples {
  values: Map<PhaseName, number[]>;
  tasks: number;
  unobserved: number;
}

const emptySamples = (): Samples => ({ values: new Map(), tasks: 0, unobserved: 0 });

function add(s: Samples, phases: Partial<Record<PhaseName, number>>): void {
  s.tasks++;
  for (const phase of PART_PHASES) {
    const v = phases[phase];
    if (v === undefined) {
      s.unobserved++;
      continue;
    }
    const list = s.values.get(phase);
    if (list) list.push(v);
    else s.values.set(phase, [v]);
  }
}

function put(out: MetricsSummary, prefix: string, s: Samples): void {
  for (const [phase, values] of s.values) putStats(out, `${prefix}tasks.phase.${phase}`, summarize(values));
  if (s.tasks > 0) out[`${prefix}tasks.phase.unobserved_ratio`] = s.unobserved / (s.tasks * PART_PHASES.length);
}

/** Phases of the tasks that reached running (a failed task's phases are in its own point), from
 *  the swarm's looks and the worker engines' records together (phase-join.ts). */
export function phaseFold(): Fold {
  const join = new PhaseJoin();
  return {
    observe: (p: Point) => join.add(p),
    build({ windows }: FoldContext): MetricsSummary {
      const samples = new RunAndSteps(emptySamples);
      for (const { point, phases } of join.phases()) samples.add(point, (s) => add(s, phases));
      const out: MetricsSummary = {};
      put(out, '', samples.run);
      for (const { prefix, value } of samples.inWindows(windows)) put(out, prefix, value);
      return out;
    },
  };
}

const phaseMetric = (phase: PhaseName): MetricFamily => {
  const def = PHASES.find((p) => p.name === phase)!;
  return {
    name: `tasks.phase.${phase}`,
    shape: 'distribution',
    unit: 'ms',
    better: 'smaller',
    gate: false,
    perStep: true,
    description: `task ${def.from} -> ${def.to} (${def.means}), swarm timestamps (an unobserved starting taken from the container's create event on dind workers), over the tasks in which both ends are known`,
  };
};

/** The swarm's message may hold commas and quotes. */
const csvQuoted = (s: string) => `"${s.replace(/"/g, '""')}"`;

const ENTRY_FIELDS = '`pending_ms`, `assigned_ms`, `accepted_ms`, `preparing_ms`, `ready_ms`, `starting_ms`';
const PHASE_FIELDS = PART_PHASES.map((p) => `\`phase_${p}_ms\``).join(', ');

export const taskPhases: MeasurementPlugin = {
  name: 'task_phases',
  description:
    'where each task’s start-up time went: the states the swarm reported for it, and the phases between them',
  producedBy: 'the swarm collector',
  collector: swarmCollector,
  reads: [Measurement.task, Measurement.taskEngine],
  points: [
    {
      measurement: Measurement.taskFailed,
      every: 'one per task that failed or was rejected, at that time',
      tags: '`service`, `state` (failed or rejected)',
      fields: `\`task\`, \`node\`, \`error\` (string: the swarm's message), \`created_ms\`, \`ended_ms\` (float); the observed ${ENTRY_FIELDS} and ${PHASE_FIELDS} (float), as on \`swarm_task_status\``,
      stepByTime: true,
    },
  ],
  table: {
    file: 'failed-tasks.csv',
    measurement: Measurement.taskFailed,
    columns: ['task', 'service', 'node', 'state', 'created_ms', 'ended_ms', 'error', 'step'],
    row: ({ fields: f, tags }) => [
      f.task,
      tags.service ?? '',
      f.node,
      tags.state ?? '',
      f.created_ms,
      f.ended_ms,
      csvQuoted(String(f.error ?? '')),
      tags.step,
    ],
  },
  metrics: [
    ...PART_PHASES.map(phaseMetric),
    {
      name: 'tasks.phase.unobserved_ratio',
      unit: 'ratio',
      better: 'smaller',
      gate: false,
      perStep: true,
      description:
        'share of the four phases (scheduling, dispatch, prepare, start) of the tasks that reached running whose two ends are not both known (from a look at the swarm, or for starting the container’s create event)',
    },
  ],
  fold: phaseFold,
  charts: [
    {
      id: 'task-phases',
      order: 45,
      title: 'Where the time went: task phases per step',
      caption:
        'Per step, the median of each task phase over the tasks in which it was observed, stacked (medians of parts need not add up to the median start-up); the lines below name each step’s largest phase.',
      missing: 'no task phase was observed (no swarm_task_status point carries phase_*_ms fields)',
      build: async (a) => (await import('../charts/phases.js')).phaseChart(a),
      notes: phaseNotes,
    },
  ],
  distributions: (a) => {
    const tasks = joinedPhases([...a.points(Measurement.task), ...a.points(Measurement.taskEngine)]);
    return PART_PHASES.map((phase) => ({
      name: `tasks.phase.${phase}`,
      unit: 'ms' as const,
      rows: tasks.flatMap(({ point, phases }) => {
        const v = phases[phase];
        return v === undefined ? [] : [{ step: point.tags.step ?? '', value: v }];
      }),
    }));
  },
};
