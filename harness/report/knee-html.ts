// knee.html: a breaking-point search on one self-contained page (page-shell.ts): the knee in a
// sentence, the validity verdict there and what it means, the SLO figures against size with the
// knee marked (search/chart.ts, inline PNG), every probe with a link to its report.html, and the
// managers' top functions at the first size that broke beside the last that held.
import type { Knee } from '../search/knee.js';
import { esc } from './html.js';
import { kneeSentence, kneeTitle, probesTable, resolutionSentence, verdictSentence } from './knee-facts.js';
import type { KneeProfileSection } from './knee-profile-facts.js';
import { pageHtml } from './page-shell.js';
import type { FactTable } from './page-facts.js';

/** The chart rendered once (knee-files.ts writes the same bytes to knee.png), or why there is none. */
export type KneeChartImage = { png: Buffer } | { missing: string };

const CSS = `
.knee{font-size:17px;margin:10px 0}
.verdict-valid{border-left:6px solid #2e7d32;background:#edf7ee;padding:8px 14px}
td.code,p code{font-family:'DejaVu Sans Mono','Liberation Mono',monospace;font-size:13px;overflow-wrap:anywhere}
td.held{color:#2e7d32;font-weight:bold} td.broke{color:#c62828;font-weight:bold} td.error{color:#6a1b9a;font-weight:bold}`;

/** Text whose `backticked` spans are code. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

interface CellOptions {
  /** Extra classes for a cell. */
  cellClass?: (col: number, cell: string) => string;
  /** A cell's whole content as HTML instead of its escaped text. */
  cellHtml?: (col: number, cell: string) => string | undefined;
}

function table(t: FactTable, level: 3 | 4, o: CellOptions = {}): string {
  const heading = t.title ? `<h${level}>${esc(t.title)}</h${level}>` : '';
  if (t.rows.length === 0)
    return `${heading}<p class="missing" id="${t.id}">${esc(t.empty ?? 'Nothing recorded.')}</p>`;
  const head = `<thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const rows = t.rows.map((r) => {
    const cells = r.map((c, i) => {
      const cls = [t.numeric?.includes(i) ? 'num' : '', t.code?.includes(i) ? 'code' : '', o.cellClass?.(i, c) ?? '']
        .filter(Boolean)
        .join(' ');
      return `<td${cls ? ` class="${cls}"` : ''}>${o.cellHtml?.(i, c) ?? esc(c)}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return `${heading}<table id="${esc(t.id)}">${head}<tbody>${rows.join('')}</tbody></table>`;
}

/** The probes, the outcome coloured and the report a relative link that survives a move. */
function probes(k: Knee): string {
  const t = probesTable(k);
  const outcome = t.head.indexOf('outcome');
  const report = t.head.length - 1;
  return table({ ...t, title: '' }, 3, {
    cellClass: (col, cell) => (col === outcome ? cell : ''),
    cellHtml: (col, cell) => (col === report ? `<a class="report" href="${esc(cell)}">${esc(cell)}</a>` : undefined),
  });
}

function chartFigure(k: Knee, chart: KneeChartImage): string {
  if ('missing' in chart) return `<p class="missing" id="knee-chart">No chart: ${esc(chart.missing)}.</p>`;
  const alt = `the SLO figures against ${k.param}, the knee marked`;
  const caption =
    'One line per SLO metric against the size probed, each SLO’s bound dashed in its colour; a probe that broke any SLO is red on every line. The knee: green at the last size that held, red at the first that broke.';
  return `<figure id="knee-chart"><img alt="${esc(alt)}" src="data:image/png;base64,${chart.png.toString('base64')}"><figcaption>${esc(caption)}</figcaption></figure>`;
}

function profilesHtml(s: KneeProfileSection): string {
  const notes = s.notes.length ? `<div class="warn">${s.notes.map((n) => `<p>${esc(n)}</p>`).join('')}</div>` : '';
  const groups = s.groups.map(
    (g) =>
      `<section id="${esc(g.id)}"><h3>${esc(g.title)}</h3>${g.lines.map((l) => `<p>${withCode(l)}</p>`).join('')}${g.tables.map((t) => table(t, 4)).join('')}</section>`,
  );
  return `<h2 id="profiles">${esc(s.title)}</h2><p>${withCode(s.intro)}</p>${notes}${groups.join('\n')}`;
}

export function kneeHtml(k: Knee, chart: KneeChartImage, profiles: KneeProfileSection | undefined): string {
  const v = verdictSentence(k);
  const resolution = resolutionSentence(k);
  const parts = [
    `<h1>${esc(kneeTitle(k))}</h1>`,
    `<p class="sub">${esc(`${k.probes.length} probes · ended: ${k.reason}`)}</p>`,
    `<p class="knee" id="knee">${esc(kneeSentence(k))}</p>`,
    resolution ? `<p id="resolution">${esc(resolution)}</p>` : '',
    `<div id="verdict" class="${v.verdict === 'valid' ? 'verdict-valid' : 'warn'}"><p><strong>${esc(v.head)}</strong> ${esc(v.meaning)}</p></div>`,
    '<h2>SLO figures against size</h2>',
    chartFigure(k, chart),
    '<h2>Probes</h2>',
    '<p>Each probe is a complete run in its own directory below this one; its report has every figure.</p>',
    probes(k),
    profiles ? profilesHtml(profiles) : '',
  ];
  return pageHtml(kneeTitle(k), parts.filter(Boolean), CSS);
}
