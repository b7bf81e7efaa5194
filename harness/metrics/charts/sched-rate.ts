// Scheduling rate: tasks reaching running per second over time, with the marks.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis } from '../analysis.js';
import { axisTitle, COLORS, LEGEND, markLines, timeAxis, titleOpt } from './common.js';
import { markLinesPlugin } from './mark-lines.js';

export function schedRateChart(a: Analysis): ChartConfiguration | undefined {
  if (a.rate.length === 0) return undefined;
  const axis = timeAxis(a);
  const color = COLORS[0]!;
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'tasks reaching running per second (all services)',
          data: a.rate.map((r) => ({ x: axis.toX(r.timeMs), y: r.perSecond })),
          borderColor: color,
          backgroundColor: 'rgba(31,119,180,0.25)',
          fill: 'origin',
          borderWidth: 1.5,
          pointRadius: 0,
          stepped: true,
        },
      ],
    },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Scheduling rate'), legend: LEGEND },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('tasks/s') },
      },
    },
    plugins: [markLinesPlugin(markLines(a, axis))],
  };
}
