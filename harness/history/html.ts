// history.html: one self-contained page (inline CSS, charts as PNG data URIs, no script) with,
// per headline metric, its value per run (a repeated run's median with its interval), the change
// points E-divisive found marked, and a table saying which of them start a regression.
import type { ChartConfiguration } from 'chart.js';
import { formatChange, formatValue } from '../report/format.js';
import { esc } from '../report/html.js';
import { chartHtml, pageHtml, type RenderChart } from '../report/page-shell.js';
import type { HistoryFile, MetricHistory } from './history.js';

function chart(name: string, m: MetricHistory): ChartConfiguration {
  const labels = m.points.map((p) => new Date(p.startMs).toISOString().slice(0, 16).replace('T', ' '));
  const change = new Set(m.analysis.changePoints.map((c) => c.index));
  const withIntervals = m.points.some((p) => p.interval);
  return {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: `${name} (${m.better} is better)`,
          data: m.points.map((p) => p.value),
          borderColor: '#1565c0',
          pointRadius: m.points.map((_, i) => (change.has(i) ? 7 : 3)),
          pointBackgroundColor: m.points.map((_, i) => (change.has(i) ? '#c62828' : '#1565c0')),
        },
        ...(withIntervals
          ? [
              {
                label: 'interval of the median (low)',
                data: m.points.map((p) => p.interval?.low ?? null),
                borderColor: '#90caf9',
                borderDash: [4, 4],
                pointRadius: 0,
              },
              {
                label: 'interval of the median (high)',
                data: m.points.map((p) => p.interval?.high ?? null),
                borderColor: '#90caf9',
                borderDash: [4, 4],
                pointRadius: 0,
              },
            ]
          : []),
      ],
    },
    options: {
      plugins: { title: { display: true, text: `${name}: red points start a change (E-divisive)` } },
      scales: { y: { title: { display: true, text: m.unit } } },
    },
  };
}

export async function historyHtml(h: HistoryFile, render: RenderChart): Promise<string> {
  const parts: string[] = [
    `<h1>${esc(h.scenario)}: history of ${h.runs.length} runs</h1>`,
    `<p id="verdict">${h.regressions.length ? `<span class="regression">The newest runs start a regression in ${esc(h.regressions.join(', '))}.</span>` : 'No regression starts in the newest runs.'} Change points by E-divisive means with a permutation test (history.json has the method and every figure).</p>`,
    ...h.warnings.map((w) => `<p class="warn">Unlike runs: ${esc(w)}</p>`),
    '<table id="change-points"><thead><tr><th>metric</th><th>runs</th><th>newest</th><th>change points</th></tr></thead><tbody>',
  ];
  for (const [name, m] of Object.entries(h.metrics)) {
    const cps = m.analysis.changePoints.map(
      (c) =>
        `<span class="${c === m.analysis.regression ? 'regression' : ''}">run ${c.index + 1} (${esc(m.points[c.index]!.run)}): ${esc(formatChange(c.change))}, ${c.kind}, p ${c.pValue.toFixed(3)}</span>`,
    );
    parts.push(
      `<tr><td>${esc(name)}</td><td>${m.points.length}</td><td>${esc(formatValue(m.points.at(-1)!.value, m.unit))}</td><td>${cps.join('<br>') || 'none'}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  for (const [name, m] of Object.entries(h.metrics)) {
    parts.push(`<h2>${esc(name)}</h2>`, await chartHtml(`${name} per run`, chart(name, m), render));
  }
  return pageHtml(`${h.scenario} history`, parts);
}
