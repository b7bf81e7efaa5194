// CPU of the node containers by role: mean and max across managers and across workers over time.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis, CpuSample } from '../analysis.js';
import { axisTitle, LEGEND, markLines, timeAxis, titleOpt } from './common.js';
import { markLinesPlugin } from './mark-lines.js';

export function cpuChart(a: Analysis): ChartConfiguration | undefined {
  if (a.cpu.manager.length === 0 && a.cpu.worker.length === 0) return undefined;
  const axis = timeAxis(a);
  const line = (label: string, samples: CpuSample[], pick: 'mean' | 'max', color: string) => ({
    label,
    data: samples.map((s) => ({ x: axis.toX(s.timeMs), y: s[pick] })),
    borderColor: color,
    backgroundColor: color,
    borderWidth: pick === 'mean' ? 2.2 : 1.3,
    borderDash: pick === 'max' ? [5, 4] : [],
    pointRadius: 0,
  });
  const datasets = [
    ...(a.cpu.manager.length > 0
      ? [
          line('managers: mean', a.cpu.manager, 'mean', '#d62728'),
          line('managers: max (dashed)', a.cpu.manager, 'max', '#f28e8e'),
        ]
      : []),
    ...(a.cpu.worker.length > 0
      ? [
          line('workers: mean', a.cpu.worker, 'mean', '#1f77b4'),
          line('workers: max (dashed)', a.cpu.worker, 'max', '#8ec1e6'),
        ]
      : []),
  ];
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      plugins: { title: titleOpt('CPU of node containers (mean and max across nodes of each role)'), legend: LEGEND },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', beginAtZero: true, title: axisTitle('CPU (% of one core)') },
      },
    },
    plugins: [markLinesPlugin(markLines(a, axis))],
  };
}
