// What all charts share: the time axis (offset from the run's start, in s or min), colours that
// stay distinguishable in print, and the chart result type the pages embed or link.
import type { Analysis } from '../analysis.js';
import type { MarkLine } from './mark-lines.js';

export interface ChartImage {
  /** File stem: charts/<id>.png in the run directory. */
  id: string;
  title: string;
  /** One sentence on what the chart shows and how to read it. */
  caption: string;
  png?: Buffer;
  /** Sentences printed under the chart (ChartSpec.notes). */
  notes?: string[];
  /** Why there is no image (nothing of this kind was recorded). */
  missing?: string;
}

export interface TimeAxis {
  toX(ms: number): number;
  title: string;
}

/** Seconds since the run's start; minutes when the run is longer than 20 minutes. */
export function timeAxis(a: Analysis): TimeAxis {
  const minutes = a.lastMs - a.t0 > 20 * 60_000;
  const div = minutes ? 60_000 : 1000;
  return {
    toX: (ms) => Number(((ms - a.t0) / div).toFixed(3)),
    title: minutes ? 'time since run start (min)' : 'time since run start (s)',
  };
}

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
export const MARK_COLOR = '#6b3fa0';

/** The scenario's marks as vertical lines on a time chart. */
export function markLines(a: Analysis, axis: TimeAxis): MarkLine[] {
  return a.marks.map((m) => ({ x: axis.toX(m.timeMs), label: m.name, color: MARK_COLOR }));
}

export function axisTitle(text: string) {
  return { display: true, text, font: { size: 13, weight: 'bold' as const } };
}

/** Legend entries drawn as short lines, so dashed series (desired, max) look dashed there too. */
export const LEGEND = {
  position: 'top' as const,
  labels: { usePointStyle: true, pointStyle: 'line' as const, pointStyleWidth: 34, padding: 16 },
};
/** For filled shapes (bars, stacked areas) a box says more than a line. */
export const BOX_LEGEND = { position: 'top' as const, labels: { boxWidth: 28, padding: 14 } };

export function titleOpt(text: string) {
  return { display: true, text, font: { size: 16, weight: 'bold' as const }, padding: { top: 4, bottom: 6 } };
}
