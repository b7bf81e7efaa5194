// Node states over time: Ready, Down and Unknown node counts, stacked, with the marks and the
// leader changes.
import type { ChartConfiguration } from 'chart.js';
import type { Analysis } from '../analysis.js';
import { axisTitle, BOX_LEGEND, markLines, timeAxis, titleOpt, type TimeAxis } from './common.js';
import { markLinesPlugin, type MarkLine } from './mark-lines.js';

const STATES = [
  { key: 'ready', label: 'Ready', line: '#2ca02c', fill: 'rgba(44,160,44,0.35)' },
  { key: 'down', label: 'Down', line: '#d62728', fill: 'rgba(214,39,40,0.45)' },
  { key: 'unknown', label: 'Unknown', line: '#7f7f7f', fill: 'rgba(127,127,127,0.4)' },
] as const;

function leaderLines(a: Analysis, axis: TimeAxis): MarkLine[] {
  return a.leaderChanges
    .filter((l) => l.previous !== '')
    .map((l) => ({
      x: axis.toX(l.timeMs),
      label: `new leader ${l.leader.slice(0, 12)}`,
      color: '#b8860b',
      dash: [2, 3],
    }));
}

export function nodeStatesChart(a: Analysis): ChartConfiguration | undefined {
  if (a.nodeStates.length === 0) return undefined;
  const axis = timeAxis(a);
  return {
    type: 'line',
    data: {
      datasets: STATES.map((s, i) => ({
        label: s.label,
        data: a.nodeStates.map((n) => ({ x: axis.toX(n.timeMs), y: n[s.key] })),
        borderColor: s.line,
        backgroundColor: s.fill,
        fill: i === 0 ? 'origin' : '-1',
        borderWidth: 1.5,
        pointRadius: 0,
        stepped: true,
      })),
    },
    options: {
      parsing: false,
      plugins: { title: titleOpt('Node states (stacked)'), legend: BOX_LEGEND },
      scales: {
        x: { type: 'linear', title: axisTitle(axis.title) },
        y: { type: 'linear', stacked: true, beginAtZero: true, title: axisTitle('nodes') },
      },
    },
    // Leader changes belong with node states: a manager lost is where elections start.
    plugins: [markLinesPlugin([...markLines(a, axis), ...leaderLines(a, axis)])],
  };
}
