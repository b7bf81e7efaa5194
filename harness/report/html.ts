// report.html: one self-contained page (inline CSS, charts as PNG data URIs, no script, no web
// font) that opens offline. Every piece of text passes through redact() before it is escaped.
import { redact } from '../util/redact.js';
import type { ChartImage } from './charts/index.js';
import type { Comparison } from './compare.js';
import { COMPARISON_HEAD, comparisonRow, comparisonVerdictLine } from './compare-format.js';
import {
  chaosTable,
  clusterTable,
  dataTable,
  imagesTable,
  marksTable,
  measurementsTable,
  metricsTable,
  paramsTable,
  runTable,
  sloTable,
  stepsTable,
  validityLine,
  validityTable,
  plural,
  VERDICT_LABEL,
  type FactTable,
} from './page-facts.js';
import type { LoadedProfiles } from './load-profiles.js';
import { profileSection, type ProfileSection } from './profile-facts.js';
import type { RunSummary } from './summary-schema.js';

export function esc(text: string): string {
  return redact(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const CSS = `
body{font-family:'DejaVu Sans','Liberation Sans',system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9;line-height:1.45}
main{max-width:1060px;margin:0 auto;padding:24px 28px 48px;background:#fff;box-shadow:0 0 0 1px #e3e5e8}
h1{font-size:26px;margin:0 0 4px} h2{font-size:20px;margin:34px 0 10px;border-bottom:2px solid #e3e5e8;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 6px}
.sub{color:#555;margin:0 0 14px}
.verdict{display:inline-block;font-weight:bold;padding:3px 12px;border-radius:4px;color:#fff;margin-left:10px;font-size:16px;vertical-align:middle}
.v-pass{background:#2e7d32}.v-fail{background:#c62828}.v-incomplete{background:#b26a00}.v-error{background:#6a1b9a}
.problems{border-left:6px solid #b26a00;background:#fff4e0;padding:10px 16px;margin:14px 0}
.problems.regressed{border-color:#c62828;background:#fdecea}
.problems p{margin:4px 0}
.validity{border-left:6px solid #2e7d32;background:#edf7ee;padding:10px 16px;margin:14px 0}
table{border-collapse:collapse;margin:6px 0 10px;font-size:14px;min-width:40%}
th,td{border:1px solid #d8dbe0;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f0f2f5} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.fail td,tr.regressed td{background:#fdecea} tr.pass td.verdict-cell{color:#2e7d32;font-weight:bold}
tr.fail td.verdict-cell,tr.regressed td.verdict-cell{color:#c62828;font-weight:bold}
tr.no-data td{background:#fff4e0} tr.no-data td.verdict-cell{color:#8a5a00;font-weight:bold}
.reason{font-size:15px;margin:0 0 12px}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:0 28px} .grid table{width:100%}
figure{margin:8px 0 26px} figure img{width:100%;height:auto;border:1px solid #e3e5e8}
figcaption{color:#555;font-size:13px;margin-top:4px}
.missing{color:#8a5a00;font-style:italic}
footer{color:#777;font-size:12px;margin-top:40px}
details{margin:4px 0 16px} summary{cursor:pointer;color:#1f5fa8}
`;

/** Only on a page with profiles, so a page without renders as it did before they existed. */
const PROFILE_CSS = `
td.code,p code{font-family:'DejaVu Sans Mono','Liberation Mono',monospace;font-size:13px;overflow-wrap:anywhere}
`;

function table(
  t: FactTable,
  opts: { rowClass?: (row: string[]) => string; heading?: boolean; level?: 3 | 4 } = {},
): string {
  const h = `h${opts.level ?? 3}`;
  const heading = opts.heading === false ? '' : `<${h}>${esc(t.title)}</${h}>`;
  if (t.rows.length === 0)
    return `${heading}<p class="missing" id="${t.id}">${esc(t.empty ?? 'Nothing recorded.')}</p>`;
  const head = t.head.some((h) => h !== '')
    ? `<thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`
    : '';
  const body = t.rows
    .map((r) => {
      const cls = opts.rowClass?.(r);
      const cells = r.map((c, i) => {
        const classes = [
          t.numeric?.includes(i) ? 'num' : '',
          i === t.head.length - 1 && t.id === 'slo-table' ? 'verdict-cell' : '',
          t.code?.includes(i) ? 'code' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return i === 0 && t.head[0] === ''
          ? `<th>${esc(c)}</th>`
          : `<td${classes ? ` class="${classes}"` : ''}>${esc(c)}</td>`;
      });
      return `<tr${cls ? ` class="${cls}"` : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `${heading}<table id="${t.id}">${head}<tbody>\n${body}\n</tbody></table>`;
}

/** Row class for the SLO table: pass, fail or no-data. */
function sloRowClass(row: string[]): string {
  return (row[3] ?? '').toLowerCase();
}

function chartFigure(c: ChartImage): string {
  if (!c.png)
    return `<figure id="chart-${c.id}"><h3>${esc(c.title)}</h3><p class="missing">No chart: ${esc(c.missing ?? 'no data')}.</p>${notesHtml(c.notes)}</figure>`;
  const src = `data:image/png;base64,${c.png.toString('base64')}`;
  return `<figure id="chart-${c.id}"><h3>${esc(c.title)}</h3><img class="chart" alt="${esc(c.title)}" src="${src}"><figcaption>${esc(c.caption)}${notesHtml(c.notes)}</figcaption></figure>`;
}

function notesHtml(notes: readonly string[] | undefined): string {
  return notes && notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
}

function comparisonSection(c: Comparison): string {
  const head = COMPARISON_HEAD;
  const moved = c.metrics.filter((m) => m.verdict !== 'unchanged');
  const rowClass = (r: string[]) => (r[4]!.startsWith('REGRESSED') ? 'regressed' : '');
  const changed: FactTable = {
    id: 'comparison',
    title: `Moved beyond ${(c.threshold * 100).toFixed(1)} % against baseline ${c.baseline.id}`,
    head,
    rows: moved.map(comparisonRow),
    numeric: [1, 2, 3],
    empty: 'Nothing moved beyond the threshold.',
  };
  const all: FactTable = {
    id: 'comparison-all',
    title: '',
    head,
    rows: c.metrics.map(comparisonRow),
    numeric: [1, 2, 3],
  };
  const banner = `<div class="problems${c.regressions.length > 0 ? ' regressed' : ''}"><p>${esc(comparisonVerdictLine(c))}</p>${c.warnings.map((w) => `<p>warning: ${esc(w)}</p>`).join('')}</div>`;
  // The full table folds away (a <details>, no script): eighty rows would bury the charts.
  return `<h2>Comparison</h2>${banner}${table(changed, { rowClass })}<details><summary>${esc(`All ${c.metrics.length} metrics compared`)}</summary>${table(all, { rowClass, heading: false })}</details>`;
}

/** Text whose `backticked` spans are code. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

function profilesHtml(section: ProfileSection): string {
  const problems =
    section.problems.length > 0
      ? `<div class="problems">${section.problems.map((p) => `<p>${esc(p)}</p>`).join('')}</div>`
      : '';
  const profiles = section.profiles.map(
    (p) =>
      `<section id="${p.id}"><h3>${esc(p.title)}</h3>${p.lines.map((l) => `<p>${withCode(l)}</p>`).join('')}${p.tables.map((t) => table(t, { level: 4 })).join('')}</section>`,
  );
  return `<h2 id="profiles">${esc(section.title)}</h2>\n<p>${withCode(section.intro)}</p>${problems}\n${profiles.join('\n')}\n`;
}

/** The validity verdict as a banner: amber when something other than the swarm was the limit. */
function validityBanner(s: RunSummary): string {
  const line = validityLine(s);
  if (!line) return '';
  const bound = s.validity!.verdict !== 'valid';
  return `<div class="${bound ? 'problems' : 'validity'}" id="validity"><p>${esc(line)}</p></div>`;
}

export function buildHtml(
  s: RunSummary,
  charts: readonly ChartImage[],
  comparison?: Comparison,
  profiles?: LoadedProfiles,
): string {
  const verdict = s.run.verdict;
  const section = profileSection(profiles);
  const problems =
    s.data.problems.length > 0
      ? `<div class="problems" id="problems">${s.data.problems.map((p) => `<p>${esc(p)}</p>`).join('')}</div>`
      : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`swarmbench: ${s.run.scenario} ${s.run.id} (${VERDICT_LABEL[verdict]})`)}</title>
<style>${CSS}${section ? PROFILE_CSS : ''}</style></head>
<body><main>
<h1>${esc(s.run.scenario)}<span class="verdict v-${verdict}" id="verdict">${VERDICT_LABEL[verdict]}</span>${comparison && comparison.regressions.length > 0 ? '<span class="verdict v-fail" id="regressed">REGRESSED</span>' : ''}</h1>
<p class="sub">${esc(`run ${s.run.id} · started ${s.run.start} · ${s.cluster.nodes} nodes (${plural(s.cluster.managers, 'manager')}, ${plural(s.cluster.workers, 'worker')}) · seed ${s.run.seed}`)}</p>
${s.run.reason ? `<p class="reason" id="reason"><strong>Ended:</strong> ${esc(s.run.reason)}</p>` : ''}
${problems}
${validityBanner(s)}
<h2>Verdicts</h2>
${table(sloTable(s), { rowClass: sloRowClass })}
${comparison ? comparisonSection(comparison) : ''}
${table(metricsTable(s))}
<h2>Charts</h2>
${charts.map(chartFigure).join('\n')}
<h2>Scenario and cluster</h2>
<div class="grid"><div>${table(runTable(s))}${table(paramsTable(s))}</div><div>${table(clusterTable(s))}</div></div>
${table(imagesTable(s))}
<h2>Timeline</h2>
${table(stepsTable(s))}
${s.validity ? table(validityTable(s)) : ''}
${table(marksTable(s))}
${s.chaos.length > 0 ? table(chaosTable(s)) : ''}
<h2>Measurements</h2>
${table(measurementsTable(s))}
${table(dataTable(s))}
${section ? profilesHtml(section) : ''}<footer>${esc(`swarmbench ${s.environment.harnessVersion} · summary schema ${s.schema} v${s.schemaVersion} · generated ${s.generatedAt}`)}</footer>
</main></body></html>
`;
}
