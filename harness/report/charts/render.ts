// Renders Chart.js configurations to PNG with chartjs-node-canvas: one renderer per image size,
// one look for every chart (white background, system font, 2x pixels so text stays sharp).
// Loaded on first use: a missing canvas native module then fails one chart, not every command.
import type { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 420;
/** Fonts installed by the OS (fonts-dejavu-core); nothing is fetched. */
export const CHART_FONT = "'DejaVu Sans', 'Liberation Sans', sans-serif";

const renderers = new Map<string, ChartJSNodeCanvas>();

async function renderer(width: number, height: number): Promise<ChartJSNodeCanvas> {
  const key = `${width}x${height}`;
  let r = renderers.get(key);
  if (!r) {
    const { ChartJSNodeCanvas } = await import('chartjs-node-canvas');
    r = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: 'white',
      chartCallback: (ChartJS) => {
        ChartJS.defaults.font.family = CHART_FONT;
        ChartJS.defaults.font.size = 13;
        ChartJS.defaults.color = '#222';
        ChartJS.defaults.animation = false;
        ChartJS.defaults.responsive = false;
      },
    });
    renderers.set(key, r);
  }
  return r;
}

/** Renders one chart to PNG bytes. */
export async function renderPng(
  config: ChartConfiguration,
  size: { width?: number; height?: number } = {},
): Promise<Buffer> {
  const withRatio = { ...config, options: { devicePixelRatio: 2, ...config.options } } as ChartConfiguration;
  return (await renderer(size.width ?? CHART_WIDTH, size.height ?? CHART_HEIGHT)).renderToBuffer(
    withRatio,
    'image/png',
  );
}
