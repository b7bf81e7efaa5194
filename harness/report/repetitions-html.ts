// repetitions.html: a repeated run on one self-contained page (page-shell.ts): the repetitions with
// a link to each one's report.html, the headline metrics side by side, the SLOs judged on the
// medians, and per headline metric a strip chart of its repetitions (repetitions-chart.ts).
import { formatValue } from './format.js';
import { esc } from './html.js';
import { chartHtml, pageHtml, type RenderChart } from './page-shell.js';
import { STRIP_HEIGHT, stripChart } from './repetitions-chart.js';
import {
  betweenSentence,
  clusterSentence,
  HEADLINE_HEAD,
  headlineMetrics,
  headlineRow,
  intervalText,
  INTERVAL_NOTE,
  metricTitle,
  reportHref,
  repetitionsTitle,
  skippedSentence,
  sloMedianText,
  valueSources,
} from './repetitions-facts.js';
import type { RepetitionsFile } from './repetitions.js';

const cells = (tag: 'td' | 'th', row: readonly string[]) => row.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('');

function repetitionsTable(f: RepetitionsFile): string {
  const rows = f.repetitions.map((r) => {
    const href = esc(reportHref(r));
    const cls = r.exitCode === 0 ? 'pass' : 'fail';
    return `<tr><td class="num">${r.index}</td><td class="num ${cls}">${r.exitCode}</td><td>${esc(r.reason)}</td><td><a class="report" href="${href}">${href}</a></td></tr>`;
  });
  return `<table id="repetitions"><thead><tr>${cells('th', ['repetition', 'exit', 'reason', 'report'])}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function headlineTable(f: RepetitionsFile): string {
  const rows = headlineMetrics(f).map(([name, m]) => `<tr>${cells('td', headlineRow(name, m))}</tr>`);
  return `<table id="headline"><thead><tr>${cells('th', HEADLINE_HEAD)}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function sloTable(f: RepetitionsFile): string {
  if (f.slos.length === 0) return '<p class="missing" id="slos">The scenario has no SLOs.</p>';
  const rows = f.slos.map(
    (s) =>
      `<tr><td>${esc(s.expr)}</td><td class="num">${esc(sloMedianText(s))}</td><td class="${s.verdict === 'pass' ? 'pass' : 'fail'}">${esc(s.verdict)}</td></tr>`,
  );
  return `<table id="slos"><thead><tr>${cells('th', ['SLO', 'median', 'verdict'])}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export async function repetitionsHtml(f: RepetitionsFile, render: RenderChart): Promise<string> {
  const skipped = skippedSentence(f);
  const between = betweenSentence(f);
  const parts = [
    `<h1>${esc(repetitionsTitle(f))}</h1>`,
    `<p class="sub">${esc(`seed ${f.seed} · ${clusterSentence(f)}`)}</p>`,
    between ? `<p id="between">${esc(between)}</p>` : '',
    '<h2>Repetitions</h2>',
    repetitionsTable(f),
    '<h2>Headline metrics</h2>',
    `<p>${esc(`Those \`compare\` gates on. ${INTERVAL_NOTE}`)}</p>`,
    headlineTable(f),
    skipped ? `<p class="missing">${esc(skipped)}</p>` : '',
    '<h2>SLOs on the medians</h2>',
    sloTable(f),
    '<h2>Each repetition, per metric</h2>',
  ];
  const sources = valueSources(f);
  for (const [name, m] of headlineMetrics(f)) {
    const title = metricTitle(name, m);
    const band = m.ci ? `, the band the interval of the median (${intervalText(m)})` : ' (one value has no interval)';
    const caption = `One dot per repetition; the line is the median (${formatValue(m.median, m.unit)})${band}.`;
    const chart = await chartHtml(title, stripChart(name, m, sources), render, { height: STRIP_HEIGHT });
    parts.push(
      `<figure class="metric"><h3>${esc(title)}</h3>${chart}<figcaption>${esc(caption)}</figcaption></figure>`,
    );
  }
  return pageHtml(repetitionsTitle(f), parts.filter(Boolean));
}
