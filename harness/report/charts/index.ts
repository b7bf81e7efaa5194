// Every chart of a report, in reading order, rendered to PNG (or marked missing with a reason).
// The charts are the measurement plug-ins' (harness/metrics/measurements/): a new measurement
// brings its chart with it.
import type { Analysis } from '../../metrics/analysis.js';
import type { ChartImage } from '../../metrics/charts/common.js';
import type { ChartSpec } from '../../metrics/plugin.js';
import { measurementPlugins } from '../../metrics/registry.js';
import { renderPng } from './render.js';

export type { ChartImage } from '../../metrics/charts/common.js';

/** The registered plug-ins' charts by their `order` (then registry order). */
export function chartSpecs(): ChartSpec[] {
  const specs = measurementPlugins().flatMap((p) => p.charts ?? []);
  return specs
    .map((s, i) => ({ s, i }))
    .sort((x, y) => (x.s.order ?? 100) - (y.s.order ?? 100) || x.i - y.i)
    .map(({ s }) => s);
}

/** Renders the charts one after another (canvas rendering is CPU-bound; parallelism buys nothing).
 *  A chart that fails to render (canvas's native module missing, say) becomes a note on the page:
 *  summary.json, junit.xml and bench.json must still be written for the nightly job. */
export async function renderCharts(
  a: Analysis,
  onError: (message: string) => void = () => undefined,
): Promise<ChartImage[]> {
  const out: ChartImage[] = [];
  for (const spec of chartSpecs()) {
    const config = await spec.build(a);
    const notes = spec.notes?.(a) ?? [];
    const base = { id: spec.id, title: spec.title, caption: spec.caption, ...(notes.length > 0 ? { notes } : {}) };
    if (!config) {
      if (!spec.optional) out.push({ ...base, missing: spec.missing });
      continue;
    }
    try {
      out.push({ ...base, png: await renderPng(config, { height: await spec.height?.(a) }) });
    } catch (err) {
      const message = `the chart could not be rendered (${(err as Error).message.split('\n')[0]})`;
      onError(`${spec.title}: ${message}`);
      out.push({ ...base, missing: message });
    }
  }
  return out;
}
