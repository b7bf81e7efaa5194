// Chaos timeline: one row per chaos action, split into the time until the swarm marked the node
// Down (detect), until its tasks were rescheduled, and until the service converged again.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis, ChaosEvent } from '../analysis.js';
// No mark lines here: each row is labelled with its own start, and mark labels would cover bars.
import { axisTitle, BOX_LEGEND, timeAxis, titleOpt, type TimeAxis } from './common.js';

const PHASES = [
  { key: 'detectMs', label: 'until marked Down (detect)', color: '#ff7f0e' },
  { key: 'rescheduleMs', label: 'until tasks rescheduled', color: '#1f77b4' },
  { key: 'convergeMs', label: 'until service converged', color: '#2ca02c' },
] as const;

/** Pixel height for n rows: enough for a readable bar and label each. */
export function chaosChartHeight(events: number): number {
  return Math.min(1400, 170 + 34 * Math.max(1, events));
}

/** A wave may hit dozens of workers; the row names two and counts the rest (the table lists them). */
function targetLabel(target: string): string {
  const names = target.split(',').filter(Boolean);
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')} +${names.length - 2} more`;
}

function rowLabel(e: ChaosEvent, axis: TimeAxis): string {
  const lost = e.tasksLost ? `, ${e.tasksLost} tasks lost` : '';
  const unit = axis.title.endsWith('(min)') ? 'min' : 's';
  return `${e.action} ${targetLabel(e.target)} at ${axis.toX(e.startMs).toFixed(unit === 's' ? 0 : 1)} ${unit}${lost}`;
}

export function chaosChart(a: Analysis): ChartConfiguration | undefined {
  if (a.chaos.length === 0) return undefined;
  const axis = timeAxis(a);
  const labels = a.chaos.map((e) => rowLabel(e, axis));
  // Phases follow one another: each starts where the previous measured interval ended.
  const datasets = PHASES.map((phase, pi) => ({
    label: phase.label,
    backgroundColor: phase.color,
    borderColor: phase.color,
    borderWidth: 0,
    barPercentage: 0.7,
    categoryPercentage: 0.9,
    grouped: false,
    data: a.chaos.map((e) => {
      const end = e[phase.key];
      if (end === undefined) return null;
      const prev = PHASES.slice(0, pi)
        .map((p) => e[p.key])
        .filter((v): v is number => v !== undefined);
      const start = Math.min(end, prev.length > 0 ? Math.max(...prev) : 0);
      return [axis.toX(e.startMs + start), axis.toX(e.startMs + end)] as [number, number];
    }),
  }));
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: 'y',
      plugins: { title: titleOpt('Chaos: detect, reschedule and converge intervals'), legend: BOX_LEGEND },
      scales: {
        x: { type: 'linear', min: 0, title: axisTitle(axis.title) },
        y: { type: 'category', title: axisTitle('chaos action, target, start') },
      },
    },
  } as ChartConfiguration;
}
