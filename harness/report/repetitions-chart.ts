// One headline metric over a repeated run's repetitions as a strip chart: a dot per repetition
// above its index, the median as a line and the interval of the median as a shaded band between
// dashed lines. Chart.js has no box plot built in, and with 3–10 values the dots themselves say
// more than a box drawn from them would.
import type { ChartConfiguration } from 'chart.js';
import { axisTitle, titleOpt } from '../metrics/charts/common.js';
import type { MetricRepetitions } from '../metrics/repetitions.js';
import { formatValue } from './format.js';
import { intervalText, metricTitle, unitText } from './repetitions-facts.js';

export const STRIP_HEIGHT = 360;

const DOT = '#1f77b4';
const FAILED_DOT = '#c62828';
const MEDIAN = '#1d1d1f';
const BAND_LINE = '#64b5f6';
const BAND_FILL = 'rgba(100,181,246,0.25)';

/** `sources` name the repetition of each value and whether it passed on its own (one that did not
 *  is drawn red: its value may be why). */
export function stripChart(
  name: string,
  m: MetricRepetitions,
  sources: readonly { label: string; passed?: boolean }[],
): ChartConfiguration {
  const labels = sources.map((s) => s.label);
  const across = (v: number) => labels.map(() => v);
  const band = m.ci
    ? [
        {
          label: `interval of the median, ${intervalText(m)}`,
          data: across(m.ci.low),
          borderColor: BAND_LINE,
          borderDash: [6, 4],
          pointRadius: 0,
          pointStyle: 'line',
          fill: false,
        },
        {
          // Unlabelled (left out of the legend): the band's upper edge, filled down to the lower.
          label: '',
          data: across(m.ci.high),
          borderColor: BAND_LINE,
          borderDash: [6, 4],
          backgroundColor: BAND_FILL,
          pointRadius: 0,
          fill: '-1',
        },
      ]
    : [];
  return {
    type: 'line',
    data: {
      labels,
      // The first dataset is drawn on top: the dots, then the median, then the band.
      datasets: [
        {
          label: 'one dot per repetition (red: did not pass on its own)',
          data: [...m.values],
          showLine: false,
          pointRadius: 7,
          pointHoverRadius: 7,
          pointBackgroundColor: sources.map((s) => (s.passed === false ? FAILED_DOT : DOT)),
          pointBorderColor: '#fff',
          pointStyle: 'circle',
          borderColor: DOT,
        },
        {
          label: `median ${formatValue(m.median, m.unit)}`,
          data: across(m.median),
          borderColor: MEDIAN,
          borderWidth: 2,
          pointRadius: 0,
          pointStyle: 'line',
        },
        ...band,
      ],
    },
    options: {
      plugins: {
        title: titleOpt(metricTitle(name, m)),
        // Each entry in its dataset's own point style: a dot for the repetitions, lines for the rest.
        legend: {
          position: 'top',
          labels: { usePointStyle: true, padding: 16, filter: (item) => item.text !== '' },
        },
      },
      scales: {
        x: { offset: true, title: axisTitle('repetition') },
        y: { grace: '10%', title: axisTitle(unitText(m.unit)) },
      },
    },
  };
}
