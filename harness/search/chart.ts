// The search drawn: each SLO's metric against the size probed, one line per metric, each SLO's
// bound as a dashed horizontal line in the metric's colour, probes that broke an SLO as red dots,
// and the knee as two labelled vertical lines (last good, first bad) drawn by the same mark-line
// plug-in the time charts use. Metrics in different units get their own y axis, so a latency and
// a rate can share the chart without one flattening the other; so do metrics of one unit whose
// figures lie orders of magnitude apart (a raft latency beside a convergence time).
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { axisTitle, COLORS, LEGEND, titleOpt } from '../metrics/charts/common.js';
import { markLinesPlugin, type MarkLine } from '../metrics/charts/mark-lines.js';
import { UNIT_TEXT, type MetricUnit } from '../metrics/units.js';
import type { Knee, ProbeRecord } from './knee.js';

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

/** Metrics that share a y axis: one unit, peaks within AXIS_SPAN of each other. */
interface Axis {
  unit: string;
  metrics: string[];
  /** The largest value or bound of its first metric: what the others are measured against. */
  peak: number;
  scale: { div: number; title: string };
}

/** Beyond this ratio of peaks two metrics of one unit get an axis each. */
const AXIS_SPAN = 20;

function groupAxes(probes: readonly ProbeRecord[], metrics: readonly string[]): Axis[] {
  const axes: Axis[] = [];
  for (const metric of metrics) {
    const slos = probes.flatMap((p) => p.slos.filter((s) => s.metric === metric));
    const unit = slos[0]!.unit;
    const peak = Math.max(0, ...slos.flatMap((s) => [Math.abs(s.value ?? 0), Math.abs(s.bound)]));
    const near = (a: Axis) =>
      a.unit === unit && (a.peak === 0 || peak === 0 || Math.max(a.peak, peak) / Math.min(a.peak, peak) < AXIS_SPAN);
    const axis = axes.find(near);
    if (axis) axis.metrics.push(metric);
    else axes.push({ unit, metrics: [metric], peak, scale: { div: 1, title: unit } });
  }
  for (const a of axes) {
    const values = probes.flatMap((p) =>
      p.slos.filter((s) => a.metrics.includes(s.metric)).flatMap((s) => [s.value ?? 0, s.bound]),
    );
    a.scale = scaleFor(a.unit, values);
  }
  return axes;
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

  // One y axis per unit, the first on the left, the others on the right; a unit whose metrics
  // lie orders of magnitude apart (a raft latency in ms beside a convergence time in minutes)
  // gets one axis per magnitude, so the small one is not drawn flat along zero.
  const axes = groupAxes(probes, metrics);
  const axisOf = new Map(axes.flatMap((a, i) => a.metrics.map((m) => [m, { id: i === 0 ? 'y' : `y${i}`, axis: a }])));
  const scales: Record<string, unknown> = {
    x: { type: log ? 'logarithmic' : 'linear', title: axisTitle(`${opts.noun ?? k.param} (size probed)`) },
  };
  axes.forEach((a, i) => {
    const shared = axes.filter((b) => b.unit === a.unit).length > 1;
    scales[i === 0 ? 'y' : `y${i}`] = {
      type: 'linear',
      position: i === 0 ? 'left' : 'right',
      beginAtZero: true,
      grace: '10%',
      title: axisTitle(shared ? `${a.scale.title}: ${a.metrics.join(', ')}` : a.scale.title),
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
    const { id: yAxisID, axis } = axisOf.get(metric)!;
    const { div } = axis.scale;
    datasets.push({
      label: metric,
      data: points.map(({ p, s }) => ({ x: p.size, y: s.value! / div })),
      yAxisID,
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
        yAxisID,
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
