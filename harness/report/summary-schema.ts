// The summary.json contract: what a nightly job, `compare` and dashboards read from a run.
// Documented field by field in docs/summary-schema.md. Additive changes keep schemaVersion;
// anything that renames, removes or changes the meaning of a field bumps it.
import type { RunRecord, RunStatus, SloResult } from '../run-record.js';
import type { LatencySummary } from '../metrics/percentiles.js';
import type { Validity } from '../metrics/measurements/validity.js';
import type { Better } from '../metrics/units.js';

/** Which way a metric is better: the measurement plug-ins' word for it. */
export type { Better };

export const SUMMARY_SCHEMA = 'swarmbench/summary';
export const SUMMARY_SCHEMA_VERSION = 1;

/** pass: every SLO met; fail: an SLO failed (or had no data); incomplete: the run did not finish;
 *  error: the run ended with an infrastructure or input error. */
export type RunVerdict = 'pass' | 'fail' | 'incomplete' | 'error';

export interface SummaryMetric {
  value: number;
  unit: string;
  better: Better;
  /** 'run': recorded by the runner in run.json; 'derived': computed by the report from metrics. */
  source: 'run' | 'derived';
}

/** One flat record per measured quantity and step (kube-burner style); step '' is the whole run. */
export interface MeasurementSummary extends LatencySummary {
  name: string;
  step: string;
  unit: string;
}

export interface StepValidity extends Validity {
  step: string;
}

export interface RunValidity extends Validity {
  steps: StepValidity[];
}

export interface RunSummary {
  schema: typeof SUMMARY_SCHEMA;
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  generatedAt: string;
  run: {
    id: string;
    scenario: string;
    scenarioFile: string;
    description?: string;
    status: RunStatus;
    verdict: RunVerdict;
    complete: boolean;
    reason?: string;
    exitCode?: number;
    start: string;
    end?: string;
    durationMs?: number;
    seed: number;
    params: Record<string, unknown>;
  };
  /** As in run.json. */
  cluster: RunRecord['cluster'];
  environment: RunRecord['environment'];
  steps: { index: number; name: string; type: string; start: string; durationMs?: number; error?: string }[];
  marks: { name: string; time: string; offsetMs: number }[];
  slos: SloResult[];
  /** Headline metrics by name (e.g. "tasks.startup_latency.p99"); what `compare` and bench.json use. */
  metrics: Record<string, SummaryMetric>;
  measurements: MeasurementSummary[];
  /** Whether the figures measure the swarm (docs/metrics.md, "Validity"): for the run and each step. */
  validity?: RunValidity;
  /** Each chaos action and its measured intervals (ms from the action), in the order they happened. */
  chaos: {
    action: string;
    targets: string[];
    step: string;
    start: string;
    offsetMs: number;
    detectMs?: number;
    rescheduleMs?: number;
    convergeMs?: number;
    tasksLost?: number;
  }[];
  data: {
    source: 'metrics.lp' | 'influxdb' | 'none';
    pointsByMeasurement: Record<string, number>;
    firstPoint?: string;
    lastPoint?: string;
    problems: string[];
  };
}
