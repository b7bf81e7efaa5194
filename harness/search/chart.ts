// The search drawn: each SLO's metric against the size probed, one line per metric, each SLO's
// bound as a dashed horizontal line in the metric's colour, probes that broke an SLO as red dots,
// and the knee as two labelled vertical lines (last good, first bad) drawn by the same mark-line
// plug-in the time charts use. Metrics in different units get their own y axis, so a latency and
// a rate can share the chart without one flattening the other.
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { axisTitle, COLORS, LEGEND, titleOpt } from '../metrics/charts/common.js';
import { markLinesPlugin, type MarkLine } from '../metrics/charts/mark-lines.js';
import { UNIT_TEXT, type MetricUnit } from '../metrics/units.js';
import type { Knee } from './knee.js';

export const BAD_COLOR = '#c62828';
export const GOOD_COLOR = '#2e7d32';

const n = (x: number) => x.toLocaleString('en-US');
const unitText = (unit: string) => UNIT_TEXT[unit as MetricUnit] ?? unit;

/** The knee as vertical lines: green at the last size that held, red at the first that broke. */
export function kneeMarks(k: Knee): MarkLine[] {
  const out: MarkLine[] = [];
  if (k.lastGood) out.push({ x: k.lastGood.size, label: `last good ${n(k.lastGood.size)}`, color: GOOD_COLOR });
  if (k.firstBad)
    out.push({ x: k.firstBad.size, label: `first bad ${n(k.firstBad.size)}`, color: BAD_COLOR, dash: [] });
  return out;
}

/** Durations in seconds once any reaches a second, so ticks stay short (as the latency charts do). */
function scaleFor(unit: string, values: readonly number[]): { div: number; title: string } {
  if (unit === 'ms' && values.some((v) => v >= 1000)) return { div: 1000, title: 's' };
  return { div: 1, title: unitText(unit) };
}

/**
 * The chart.js configuration, or undefined when no probe measured anything (every probe errored).
 * `log` puts size on a logarithmic axis (a search grown by a factor); by default when the sizes
 * span 20× or more.
 */
export function kneeChart(k: Knee, opts: { log?: boolean; noun?: string } = {}): ChartConfiguration | undefined {
  // Errored probes carry no figures worth drawing; each size appears once (bisection never repeats one).
  const probes = k.probes.filter((p) => p.error === undefined).sort((a, b) => a.size - b.size);
  const metrics = [...new Set(probes.flatMap((p) => p.slos.map((s) => s.metric)))];
  if (probes.length === 0 || metrics.length === 0) return undefined;
  const sizes = probes.map((p) => p.size);
  const [lo, hi] = [sizes[0]!, sizes[sizes.length - 1]!];
  const log = opts.log ?? (lo > 0 && hi / lo >= 20);

  // One y axis per unit, the first on the left, the others on the right.
  const units = [...new Set(probes.flatMap((p) => p.slos.map((s) => s.unit)))];
  const axisId = (unit: string) => (units.indexOf(unit) === 0 ? 'y' : `y${units.indexOf(unit)}`);
  const scales: Record<string, unknown> = {
    x: { type: log ? 'logarithmic' : 'linear', title: axisTitle(`${opts.noun ?? k.param} (size probed)`) },
  };
  const unitScale = new Map<string, { div: number }>();
  units.forEach((unit, i) => {
    const values = probes.flatMap((p) => p.slos.filter((s) => s.unit === unit).flatMap((s) => [s.value ?? 0, s.bound]));
    const sc = scaleFor(unit, values);
    unitScale.set(unit, sc);
    scales[axisId(unit)] = {
      type: 'linear',
      position: i === 0 ? 'left' : 'right',
      beginAtZero: true,
      grace: '10%',
      title: axisTitle(sc.title),
      ...(i === 0 ? {} : { grid: { drawOnChartArea: false } }),
    };
  });

  const datasets: ChartDataset<'line'>[] = [];
  metrics.forEach((metric, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = probes.flatMap((p) => {
      const s = p.slos.find((x) => x.metric === metric);
      return s && s.value !== null ? [{ p, s }] : [];
    });
    const unit = points[0]?.s.unit ?? probes.flatMap((p) => p.slos).find((s) => s.metric === metric)!.unit;
    const { div } = unitScale.get(unit)!;
    datasets.push({
      label: metric,
      data: points.map(({ p, s }) => ({ x: p.size, y: s.value! / div })),
      yAxisID: axisId(unit),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 5,
      pointStyle: 'circle',
      // A probe that broke any SLO is red on every line: that size is past the knee.
      pointBackgroundColor: points.map(({ p }) => (p.held ? color : BAD_COLOR)),
      pointBorderColor: points.map(({ p }) => (p.held ? color : BAD_COLOR)),
    });
    // Each SLO on this metric as a dashed line across the sizes probed.
    const exprs = new Map(probes.flatMap((p) => p.slos.filter((s) => s.metric === metric).map((s) => [s.expr, s])));
    for (const s of exprs.values())
      datasets.push({
        label: `SLO: ${s.expr}`,
        data: [
          { x: lo, y: s.bound / div },
          { x: hi, y: s.bound / div },
        ],
        yAxisID: axisId(unit),
        borderColor: color,
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
      });
  });

  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      plugins: {
        title: titleOpt(`Breaking-point search: SLO figures against ${opts.noun ?? k.param}`),
        legend: LEGEND,
      },
      scales: scales as NonNullable<ChartConfiguration<'line'>['options']>['scales'],
    },
    plugins: [markLinesPlugin(kneeMarks(k), { id: 'swarmbenchKnee' })],
  } as ChartConfiguration;
}
