// Where the time went, per step: the median of each observed task phase stacked in one bar per
// step, and one sentence per step naming the phase that took the most.
import type { ChartConfiguration } from 'chart.js';
import { formatDuration } from '../../util/duration.js';
import type { Analysis } from '../analysis.js';
import { Measurement, type Point } from '../measurements.js';
import { percentile } from '../percentiles.js';
import { joinedPhases } from '../phase-join.js';
import { PART_PHASES, PHASES, type PhaseName } from '../task-phases.js';
import { axisTitle, BOX_LEGEND, COLORS, titleOpt } from './common.js';

/** One step's phases: the median of each phase over the tasks in which it was observed. */
export interface StepPhases {
  step: string;
  tasks: number;
  /** Median of each part phase that was observed in at least one task of the step. */
  medians: Partial<Record<PhaseName, number>>;
  /** Median created → running (latency_ms), over every task of the step. */
  totalMedian: number;
  /** Share of (task, part phase) pairs whose ends were not both observed. */
  unobservedRatio: number;
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Per step (in the order the steps ran, then any other step tag), the phases of its tasks, from
 *  the task points and the engines' records together (phase-join.ts). */
export function stepPhases(points: readonly Point[], stepOrder: readonly string[]): StepPhases[] {
  const byStep = new Map<string, { point: Point; phases: Partial<Record<PhaseName, number>> }[]>();
  for (const t of joinedPhases(points)) {
    const step = t.point.tags.step ?? '';
    const list = byStep.get(step);
    if (list) list.push(t);
    else byStep.set(step, [t]);
  }
  const order = [
    ...stepOrder.filter((s) => byStep.has(s)),
    ...[...byStep.keys()].filter((s) => !stepOrder.includes(s)),
  ];
  return order.map((step) => {
    const tasks = byStep.get(step)!;
    const values = new Map<PhaseName, number[]>();
    let unobserved = 0;
    for (const { phases } of tasks) {
      for (const phase of PART_PHASES) {
        const v = phases[phase];
        if (v === undefined) unobserved++;
        else values.set(phase, [...(values.get(phase) ?? []), v]);
      }
    }
    const medians: Partial<Record<PhaseName, number>> = {};
    for (const [phase, vs] of values) medians[phase] = median(vs);
    return {
      step,
      tasks: tasks.length,
      medians,
      totalMedian: median(tasks.map(({ point }) => point.fields.latency_ms as number)),
      unobservedRatio: unobserved / (tasks.length * PART_PHASES.length),
    };
  });
}

/** The observed part phase with the largest median (undefined when none was observed). */
export function dominantPhase(s: StepPhases): PhaseName | undefined {
  let best: PhaseName | undefined;
  for (const phase of PART_PHASES) {
    const v = s.medians[phase];
    if (v !== undefined && (best === undefined || v > s.medians[best]!)) best = phase;
  }
  return best;
}

const pct = (r: number) => `${Math.round(r * 100)} %`;

/** "Where the time went" in one sentence for a step. */
export function dominantPhaseSentence(s: StepPhases): string {
  const name = s.step || 'outside any step';
  const tasks = `${s.tasks} task${s.tasks === 1 ? '' : 's'}`;
  const best = dominantPhase(s);
  if (best === undefined)
    return `${name}: no phase was observed (no look at the swarm caught its ${tasks} between created and running); median start-up ${formatDuration(s.totalMedian)}.`;
  const def = PHASES.find((p) => p.name === best)!;
  const others = PART_PHASES.filter((p) => p !== best && s.medians[p] !== undefined).map(
    (p) => `${p} ${formatDuration(s.medians[p]!)}`,
  );
  return (
    `${name}: most time went to ${best} (${def.from} → ${def.to}, ${def.means}), median ${formatDuration(s.medians[best]!)} ` +
    `of a ${formatDuration(s.totalMedian)} median start-up` +
    (others.length > 0 ? `; ${others.join(', ')}` : '') +
    `; ${pct(s.unobservedRatio)} of phases unobserved over ${tasks}.`
  );
}

const taskAndEnginePoints = (a: Analysis): Point[] => [
  ...a.points(Measurement.task),
  ...a.points(Measurement.taskEngine),
];

export function phaseNotes(a: Analysis): string[] {
  return stepPhases(
    taskAndEnginePoints(a),
    a.steps.map((s) => s.name),
  ).map(dominantPhaseSentence);
}

const PHASE_COLORS: Record<string, string> = {
  scheduling: COLORS[0]!,
  dispatch: COLORS[4]!,
  prepare: COLORS[3]!,
  start: COLORS[1]!,
};

export function phaseChart(a: Analysis): ChartConfiguration | undefined {
  const steps = stepPhases(
    taskAndEnginePoints(a),
    a.steps.map((s) => s.name),
  ).filter((s) => Object.keys(s.medians).length > 0);
  if (steps.length === 0) return undefined;
  const secs = (ms: number | undefined) => (ms === undefined ? null : Number((ms / 1000).toFixed(3)));
  return {
    type: 'bar',
    data: {
      labels: steps.map((s) => s.step || '(no step)'),
      datasets: PART_PHASES.map((phase) => ({
        label: `${phase} (${PHASES.find((p) => p.name === phase)!.from} → ${PHASES.find((p) => p.name === phase)!.to})`,
        data: steps.map((s) => secs(s.medians[phase])),
        backgroundColor: PHASE_COLORS[phase],
        stack: 'phases',
      })),
    },
    options: {
      plugins: { title: titleOpt('Where the time went: median task phase per step'), legend: BOX_LEGEND },
      scales: {
        x: { stacked: true, title: axisTitle('step') },
        y: { stacked: true, beginAtZero: true, title: axisTitle('median time in phase (s)') },
      },
    },
  };
}
