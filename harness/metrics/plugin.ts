// What a measurement plug-in declares: everything swarmbench knows about one kind of measurement,
// in one file under measurements/. Modelled on kube-burner's measurement interface: the registry
// (registry.ts) lists the plug-ins, and the session, the summary, validate, `scenarios metrics`,
// compare, the report and docs/metrics.md all read it. See CONTRIBUTING.md for an example.
import type { ChartConfiguration } from 'chart.js';
import type { ClusterHandle } from '../cluster/types.js';
import type { Logger } from '../util/log.js';
import type { Analysis } from './analysis.js';
import type { Calibration } from './calibrate.js';
import type { NestedCalibration } from './nested-calibration.js';
import type { Collector, Emit } from './collectors/types.js';
import type { Point } from './measurements.js';
import type { Better, MetricUnit, Stat } from './units.js';

/** A figure (or a family of figures) an SLO may name, compare may gate on and the summary holds. */
export interface MetricFamily {
  /** The SLO name, or the stem of a distribution's names ('tasks.startup_latency' -> .p50 … .min). */
  name: string;
  unit: MetricUnit;
  better: Better;
  /** One line: what the figure is, exactly (this is its definition; the docs print it). */
  description: string;
  /** 'value': the name alone (default); 'distribution': name.p50 … name.min; 'both'. */
  shape?: 'value' | 'distribution' | 'both';
  /** Absolute changes at or below this are "unchanged" in compare; default: its unit's. */
  noiseFloor?: number;
  /** compare fails on it by default: what the swarm does, not what it costs (default false). */
  gate?: boolean;
  /** Of a gating distribution, the statistics that gate (default: all). A family sampled once per
   *  step has a handful of values: its p90 and p99 are its maximum, too unstable to fail a run on. */
  gateStats?: readonly Stat[];
  /** Also written per step as step.<step>.<name> (documentation only; lookups accept any step). */
  perStep?: boolean;
}

/** One measurement of metrics.lp / InfluxDB, as documented for readers. */
export interface PointSchema {
  measurement: string;
  /** When points are written: '1 s', 'one per task that reached running'. */
  every: string;
  /** Tags beside run, scenario and step ('' for none). */
  tags: string;
  fields: string;
  /** A point belongs to the step running at its own time, not when it was written (a task point
   *  is written when the collector sees the task, and belongs to the step in which it ran). */
  stepByTime?: boolean;
}

/** A CSV file beside metrics.lp with one row per point of a measurement (tasks.csv). */
export interface PointTable {
  file: string;
  measurement: string;
  columns: readonly string[];
  /** The row of a recorded point (its tags include run, scenario and step). */
  row(p: Point): readonly (string | number | boolean | undefined)[];
}

export type MetricsSummary = Record<string, number>;

export interface StepWindow {
  name: string;
  index: number;
  startMs: number;
  endMs?: number;
}

/** What the run measured of its hosts apart from the swarm, for figures relative to them. */
export interface HostFigures {
  /** The outer hosts' raw container start rate (calibration.json), when one fits. */
  calibration?: Calibration;
  /** The nodes' own start rate, taken on the run's cluster (nested-calibration.json). */
  nested?: NestedCalibration;
}

export interface FoldContext {
  windows: readonly StepWindow[];
  /** Figures built so far by the plug-ins listed before this one. */
  values: Readonly<MetricsSummary>;
}

/** How a plug-in's points become figures of the run summary. One fold per run (or per report). */
export interface Fold {
  observe(p: Point): void;
  build(ctx: FoldContext): MetricsSummary;
}

/** What a collector gets to work with; it decides itself whether it can run (no cluster: most cannot). */
export interface CollectorDeps {
  cluster?: ClusterHandle;
  emit: Emit;
  log: Logger;
  /** When the session started: what happened before is not a sample of this run. */
  sinceMs: number;
}

export interface CollectorFactory {
  /** The collector's name ('swarm', 'resources'): MetricsSessionOptions.collect switches it off. */
  name: string;
  /** The collector, or undefined when it cannot run here (no cluster, no hollow workers). */
  create(deps: CollectorDeps): Collector | undefined | Promise<Collector | undefined>;
}

export interface ChartSpec {
  /** File stem: charts/<id>.png. */
  id: string;
  title: string;
  /** One sentence on what the chart shows and how to read it. */
  caption: string;
  /** Why there is no image, when nothing was recorded. */
  missing: string;
  /** The chart.js configuration; undefined when there is nothing to draw. Built-in charts import
   *  their code here, when a report is drawn, so commands that only read names stay quick. */
  build(a: Analysis): ChartConfiguration | undefined | Promise<ChartConfiguration | undefined>;
  height?(a: Analysis): number | Promise<number>;
  /** Left out entirely when there is no data (a chaos chart in a run without chaos). */
  optional?: boolean;
  /** Where the chart stands in the report: lower first (default 100). */
  order?: number;
  /** Sentences the report prints under the chart, read from the run (a step's dominant phase). */
  notes?(a: Analysis): string[];
}

/** One row of summary.json's `measurements`: a distribution of samples, per step ('' = whole run). */
export interface DistributionRows {
  name: string;
  unit: MetricUnit;
  rows: { step: string; value: number }[];
}

export interface MeasurementPlugin {
  /** The registry key: the plug-in's name as docs and `scenarios metrics --json` show it. */
  name: string;
  /** One line: what is measured and why. */
  description: string;
  /** Who writes the points ('the swarm collector', 'the chaos step'): shown in the docs. */
  producedBy: string;
  /** The measurements it writes to metrics.lp (none: its figures come from steps or other plug-ins). */
  points: readonly PointSchema[];
  /** Measurements other plug-ins declare whose points its fold also reads (validity reads host,
   *  harness and hollow_sim; task phases read swarm_task_status): the docs list a measurement once,
   *  under the plug-in that declares it. */
  reads?: readonly string[];
  /** A CSV the session writes at the end of a run, one row per point. */
  table?: PointTable;
  /** The collector that produces the points, when one does (several plug-ins may share one). */
  collector?: CollectorFactory;
  /** The figures it offers SLOs, the summary and compare. */
  metrics: readonly MetricFamily[];
  /** How its points fold into the run summary. */
  fold?(): Fold;
  /**
   * Figures computed from the run's final figures (after the steps' own values replaced the
   * folds' where both exist), so a ratio is always of the figures shown: efficiency, fraction of
   * hardware. Applied by deriveFigures() in registry order.
   */
  derive?(values: Readonly<MetricsSummary>, host: HostFigures): MetricsSummary;
  charts?: readonly ChartSpec[];
  /** Distributions for summary.json's `measurements` (per step). */
  distributions?(a: Analysis): DistributionRows[];
}
