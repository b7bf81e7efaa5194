// history.html: one self-contained page (inline CSS, charts as PNG data URIs, no script) with,
// per headline metric, its value per run (a repeated run's median with its interval), the change
// points E-divisive found marked, and a table saying which of them start a regression.
import type { ChartConfiguration } from 'chart.js';
import { formatChange, formatValue } from '../report/format.js';
import { esc } from '../report/html.js';
import type { HistoryFile, MetricHistory } from './history.js';

const CSS = `
body{font-family:'DejaVu Sans','Liberation Sans',system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9;line-height:1.45}
main{max-width:1060px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px} h2{font-size:18px;margin:30px 0 8px}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #dde;padding:4px 10px;text-align:left}
.regression{color:#c62828;font-weight:bold} .warn{border-left:6px solid #b26a00;background:#fff4e0;padding:8px 14px}
img{max-width:100%}`;

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

export async function historyHtml(h: HistoryFile, render: (c: ChartConfiguration) => Promise<Buffer>): Promise<string> {
  const parts: string[] = [
    `<h1>${esc(h.scenario)}: history of ${h.runs.length} runs</h1>`,
    `<p>${h.regressions.length ? `<span class="regression">The newest runs start a regression in ${esc(h.regressions.join(', '))}.</span>` : 'No regression starts in the newest runs.'} Change points by E-divisive means with a permutation test (history.json has the method and every figure).</p>`,
    ...h.warnings.map((w) => `<p class="warn">Unlike runs: ${esc(w)}</p>`),
    '<table><thead><tr><th>metric</th><th>runs</th><th>newest</th><th>change points</th></tr></thead><tbody>',
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
    const png = await render(chart(name, m));
    parts.push(
      `<h2>${esc(name)}</h2>`,
      `<img alt="${esc(name)} per run" src="data:image/png;base64,${png.toString('base64')}">`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(h.scenario)} history</title><style>${CSS}</style></head><body><main>${parts.join('\n')}</main></body></html>\n`;
}
