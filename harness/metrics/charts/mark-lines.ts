// A Chart.js plugin that draws labelled vertical lines (scenario marks, p50/p90/p99) without the
// annotation plugin: labels are packed into rows at the top of the plot so none overlap.
import type { Chart, Plugin } from 'chart.js';

/** Label rows at most; a crowded chart keeps its lines and drops the labels that do not fit. */
const MAX_LABEL_ROWS = 5;

export interface MarkLine {
  x: number;
  label: string;
  color?: string;
  dash?: number[];
}

/** Labels go in rows from the top of the plot, or from the bottom where the data fills the top (a CDF). */
export function markLinesPlugin(
  lines: readonly MarkLine[],
  opts: { id?: string; labels?: 'top' | 'bottom' } = {},
): Plugin {
  return {
    id: opts.id ?? 'swarmbenchMarkLines',
    afterDatasetsDraw(chart: Chart) {
      const x = chart.scales.x;
      if (!x || lines.length === 0) return;
      const { top, bottom, left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = `11px ${String(chart.options.font?.family ?? 'sans-serif')}`;
      const rowEnds: number[] = [];
      const visible = [...lines]
        .sort((a, b) => a.x - b.x)
        .map((line) => ({ line, px: x.getPixelForValue(line.x), color: line.color ?? '#6b3fa0' }))
        .filter(({ px }) => px >= left - 0.5 && px <= right + 0.5);
      // Lines first, labels after: a later line must not cross an earlier label.
      for (const { line, px, color } of visible) {
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash(line.dash ?? [5, 4]);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      for (const { line, px, color } of visible) {
        // Put the label right of the line (left of it near the right edge), in the first row
        // where it does not touch an earlier label.
        const w = ctx.measureText(line.label).width + 8;
        const lx = px + w > right ? px - w : px;
        let row = rowEnds.findIndex((end) => end < lx);
        if (row === -1) {
          // Past a few rows the labels would hide the data: the line stays, the label goes
          // (every mark is listed in the Marks table).
          if (rowEnds.length >= MAX_LABEL_ROWS) continue;
          row = rowEnds.length;
          rowEnds.push(0);
        }
        rowEnds[row] = lx + w + 2;
        const ly = opts.labels === 'bottom' ? bottom - 17 - row * 16 : top + 2 + row * 16;
        ctx.fillStyle = 'rgba(255,255,255,0.9)';
        ctx.fillRect(lx, ly, w, 15);
        ctx.fillStyle = color;
        ctx.textBaseline = 'top';
        ctx.fillText(line.label, lx + 4, ly + 2);
      }
      ctx.restore();
    },
  };
}
