// The look and frame of the pages that sum up several runs, history.html, repetitions.html and
// knee.html: one self-contained file each (inline CSS, charts as PNG data URIs, no script, no web
// font), so a page copied out of the reports directory or opened offline shows the same.
// report.html, one run's page with far more on it, keeps its own style (html.ts).
import type { ChartConfiguration } from 'chart.js';
import { esc } from './html.js';

/** Renders a chart to PNG bytes (charts/render.ts renderPng; tests may pass another). */
export type RenderChart = (c: ChartConfiguration, size?: { width?: number; height?: number }) => Promise<Buffer>;

const CSS = `
body{font-family:'DejaVu Sans','Liberation Sans',system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9;line-height:1.45}
main{max-width:1060px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px} h2{font-size:18px;margin:30px 0 8px} h3{font-size:15px;margin:20px 0 4px}
.sub{color:#555;margin:0 0 12px}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #dde;padding:4px 10px;text-align:left}
th{background:#f0f2f5} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.regression,.fail{color:#c62828;font-weight:bold} .pass{color:#2e7d32;font-weight:bold}
.warn{border-left:6px solid #b26a00;background:#fff4e0;padding:8px 14px}
.missing{color:#8a5a00;font-style:italic}
figure{margin:6px 0 22px} figcaption{color:#555;font-size:13px;margin-top:4px}
img{max-width:100%}`;

/** The whole document around `body` (already HTML); `css` adds to the shared style (a page's own
 *  classes only, so the pages without it render as before). */
export function pageHtml(title: string, body: readonly string[], css = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${CSS}${css}</style></head><body><main>${body.join('\n')}</main></body></html>\n`;
}

/** A chart as an inline PNG, or a note saying why there is none: a chart that fails to render
 *  (canvas's native module missing, say) must not cost the page its tables. */
export async function chartHtml(
  alt: string,
  config: ChartConfiguration,
  render: RenderChart,
  size?: { width?: number; height?: number },
): Promise<string> {
  try {
    const png = await render(config, size);
    return `<img alt="${esc(alt)}" src="data:image/png;base64,${png.toString('base64')}">`;
  } catch (err) {
    return `<p class="missing">No chart: it could not be rendered (${esc((err as Error).message.split('\n')[0] ?? '')}).</p>`;
  }
}
