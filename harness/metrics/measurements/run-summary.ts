// One point per run with its headline figures, for what reads many runs at once: `history
// --from-influx` and the Grafana dashboard's panels across runs. Written to InfluxDB (not to
// metrics.lp, whose points are the run's own record) after the run's reports are built, by
// harness/history/influx.ts; this file is the one definition of its tags and field names.
import type { MeasurementPlugin } from '../plugin.js';

export const RUN_SUMMARY = 'run_summary';

/** single: a run alone; repetition: one repetition of `run --repeat` (tag `set` names the
 *  repeated run); repetitions: the repeated run as a whole (medians and their intervals). */
export type RunSummaryKind = 'single' | 'repetition' | 'repetitions';
/** What a history counts as its runs: a repetition is in its set's point already. */
export const HISTORY_KINDS: readonly RunSummaryKind[] = ['single', 'repetitions'];

/** The fields beside the metrics (no dot: a metric name always has one). */
export const RunSummaryField = {
  verdict: 'verdict',
  nodes: 'nodes',
  repetitions: 'repetitions',
  fresh: 'fresh',
  params: 'params',
  engineVersion: 'engine_version',
  cpus: 'cpus',
  loadAtStart: 'load_at_start',
} as const;
export const RUN_SUMMARY_INT_FIELDS: readonly string[] = [
  RunSummaryField.nodes,
  RunSummaryField.repetitions,
  RunSummaryField.cpus,
];

/** A repeated run's interval of the median, per metric: `<metric>:low` and so on. */
export const INTERVAL_PARTS = ['low', 'high', 'coverage'] as const;
export type IntervalPart = (typeof INTERVAL_PARTS)[number];
/** Between a metric's name and its interval part; never in a metric name (the registry test says so). */
export const INTERVAL_SEPARATOR = ':';

export const intervalField = (metric: string, part: IntervalPart) => `${metric}${INTERVAL_SEPARATOR}${part}`;

/** Which metric a field of a run_summary point holds, and which part of it: its value (a repeated
 *  run's median) or a bound of its interval; undefined for the fields beside the metrics. */
export function metricOfField(field: string): { metric: string; part: 'value' | IntervalPart } | undefined {
  if ((Object.values(RunSummaryField) as string[]).includes(field)) return undefined;
  const at = field.lastIndexOf(INTERVAL_SEPARATOR);
  if (at < 0) return { metric: field, part: 'value' };
  const part = field.slice(at + 1);
  return (INTERVAL_PARTS as readonly string[]).includes(part)
    ? { metric: field.slice(0, at), part: part as IntervalPart }
    : undefined;
}

const f = (name: string) => `\`${name}\``;

export const runSummary: MeasurementPlugin = {
  name: 'run_summary',
  description: "each run's headline figures in one point, for history and dashboards across runs",
  producedBy: '`run` with an InfluxDB target, after the reports (InfluxDB only, not metrics.lp)',
  points: [
    {
      measurement: RUN_SUMMARY,
      every:
        'one per finished run, at its start time; with `--repeat N` one per repetition and one for the set (at the first repetition’s start)',
      tags:
        `${f('cluster')}, ${f('kind')} (${f('single')}: a run alone; ${f('repetition')}: one repetition, with ${f('set')}: the repeated run's id; ` +
        `${f('repetitions')}: the repeated run as a whole; a history reads ${HISTORY_KINDS.map(f).join(' and ')}), ` +
        `${f('params_hash')} (the scenario parameters' SHA-256, 12 hex digits); no ${f('step')}`,
      fields:
        `${f(RunSummaryField.verdict)} (string), ${f(RunSummaryField.nodes)}, ${f(RunSummaryField.repetitions)} (int), ` +
        `${f(RunSummaryField.fresh)} (boolean: the run brought its swarm up; absent when unknown), ` +
        `${f(RunSummaryField.params)} (string: the parameters as JSON, keys sorted), ` +
        `${f(RunSummaryField.engineVersion)} (string), ${f(RunSummaryField.cpus)} (int) and ${f(RunSummaryField.loadAtStart)} (float: the host's 1-minute load average when the run started), each absent when unknown; ` +
        `per headline metric (those \`compare\` gates on) a float named as the metric (${f('scale.tasks_per_second')}; a set's median) ` +
        `and, for a set, ${INTERVAL_PARTS.map((p) => f(intervalField('<metric>', p))).join(', ')} (floats: the interval of the median and its coverage)`,
    },
  ],
  metrics: [],
};
