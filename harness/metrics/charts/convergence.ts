// Service convergence: running vs desired tasks of each service over time, with the marks.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis } from '../analysis.js';
import { axisTitle, COLORS, LEGEND, markLines, timeAxis, titleOpt } from './common.js';
import { markLinesPlugin } from './mark-lines.js';

/** More services than this are drawn as one total so the legend stays readable. */
const MAX_SERVICES = 6;

export function convergenceChart(a: Analysis): ChartConfiguration | undefined {
  if (a.services.size === 0) return undefined;
  const axis = timeAxis(a);
  let series = [...a.services.entries()];
  if (series.length > MAX_SERVICES) {
    const total = new Map<number, { desired: number; running: number }>();
    for (const [, samples] of series) {
      for (const s of samples) {
        const b = Math.floor(s.timeMs / 1000) * 1000;
        const t = total.get(b) ?? { desired: 0, running: 0 };
        t.desired += s.desired;
        t.running += s.running;
        total.set(b, t);
      }
    }
    series = [
      [
        `all ${series.length} services`,
        [...total.entries()].sort((x, y) => x[0] - y[0]).map(([timeMs, t]) => ({ timeMs, ...t })),
      ],
    ];
  }
  const datasets = series.flatMap(([name, samples], i) => {
    const color = COLORS[i % COLORS.length]!;
    return [
      {
        label: `${name}: running`,
        data: samples.map((s) => ({ x: axis.toX(s.timeMs), y: s.running })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: 0,
      },
      {
        label: `${name}: desired (dashed)`,
        data: samples.map((s) => ({ x: axis.toX(s.timeMs), y: s.desired })),
        borderColor: color,
        backgroundColor: color,
        borderWidth: 1.5,
        borderDash: [6, 4],
        pointRadius: 0,
        stepped: true,
      },
    ];
  });
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Service convergence: running vs desired tasks'), legend: LEGEND },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('tasks') },
      },
    },
    plugins: [markLinesPlugin(markLines(a, axis))],
  };
}
