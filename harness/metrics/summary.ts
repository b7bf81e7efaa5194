// The run's headline figures, computed from the very points written to metrics.lp (so they agree
// with anything else derived from the file): each registered measurement plug-in folds its own
// points, in registry order. The names are the plug-ins' metric names, which SLOs use.
import type { Point } from './measurements.js';
import type { Fold, HostFigures, MeasurementPlugin, MetricsSummary, StepWindow } from './plugin.js';
import { deriveFigures, measurementPlugins } from './registry.js';

export type { MetricsSummary, StepWindow } from './plugin.js';

export interface SummaryBuilderOptions extends HostFigures {
  /** The plug-ins to fold with; default: the registry's at construction. */
  plugins?: readonly MeasurementPlugin[];
}

export class SummaryBuilder {
  private readonly folds: Fold[] = [];
  /** measurement name -> the folds of the plug-ins that declare it. */
  private readonly byMeasurement = new Map<string, Fold[]>();

  constructor(private readonly opts: SummaryBuilderOptions = {}) {
    for (const plugin of opts.plugins ?? measurementPlugins()) {
      const fold = plugin.fold?.();
      if (!fold) continue;
      this.folds.push(fold);
      for (const measurement of [...plugin.points.map((p) => p.measurement), ...(plugin.reads ?? [])]) {
        const list = this.byMeasurement.get(measurement);
        if (list) list.push(fold);
        else this.byMeasurement.set(measurement, [fold]);
      }
    }
  }

  /** Feeds one recorded point (tags already include step). */
  observe(p: Point): void {
    const folds = this.byMeasurement.get(p.measurement);
    if (folds) for (const f of folds) f.observe(p);
  }

  /** The flat map: overall figures by metric name, per-step ones as `step.<name>.<metric>`. */
  build(windows: readonly StepWindow[]): MetricsSummary {
    const out: MetricsSummary = {};
    for (const fold of this.folds) Object.assign(out, fold.build({ windows, values: out }));
    // Ratios to the hosts come last, from what the folds made (the runner derives them again
    // once the steps' own figures replaced these).
    return deriveFigures(out, { calibration: this.opts.calibration, nested: this.opts.nested });
  }
}
