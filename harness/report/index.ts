// The report module's public surface: what the CLI and the scenario runner call.
export { buildReports, REPORT_FILES, type BuildReportsOptions, type BuildReportsResult } from './build.js';
export { compareRuns } from './compare-runs.js';
export { DEFAULT_THRESHOLD, parseGate, parseThreshold } from './compare-options.js';
export {
  compareSummaries,
  gatesByDefault,
  noiseFloorOf,
  type CompareOptions,
  type Comparison,
  type MetricComparison,
  type CompareVerdict,
} from './compare.js';
export { comparisonText, comparisonMarkdown, comparisonVerdictLine } from './compare-format.js';
export { loadSummary } from './load-summary.js';
export { listRuns, type RunListing } from './runs-list.js';
export { pointsFromInflux, type InfluxSource } from './influx-source.js';
export * from './summary-schema.js';
