// The record of one run, written to <run-dir>/run.json by the scenario runner as the run goes
// (so a killed run leaves a partial record) and read by report/. summary.json is derived from it.

export type RunStatus = 'running' | 'passed' | 'failed' | 'error' | 'interrupted';

export interface SloResult {
  /** As written in the scenario: "tasks.startup_latency.p99 < 30s". */
  expr: string;
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  /** Bound in the metric's base unit (ms for durations). */
  bound: number;
  value: number | null;
  unit: string;
  verdict: 'pass' | 'fail' | 'no-data';
}

export interface StepRecord {
  index: number;
  name: string;
  type: string;
  startMs: number;
  endMs?: number;
  error?: string;
}

/** How `up` booted the cluster, when the run brought it up: the pace it took and why. */
export interface ClusterBootRecord {
  seconds: number;
  wanted: number;
  ready: number;
  failed: number;
  /** Boots repeated after a node's engine exited or never answered. */
  restarted: number;
  notStarted: number;
  stoppedEarly?: string;
  /** One line: "pace: boots 2→16→11 at a time, joins 2→10". */
  pace: string;
  /** Every change of a pace, with its reason. */
  paceChanges: { pacer: string; atMs: number; limit: number; reason: string }[];
}

export interface RunRecord {
  schemaVersion: 1;
  id: string;
  scenario: string;
  scenarioFile: string;
  description?: string;
  params: Record<string, unknown>;
  seed: number;
  /** The scenario's `validity`: 'required' means a verdict other than valid failed the run.
   *  Absent in records written before the key existed (they were all advisory). */
  validity?: 'required' | 'advisory';
  /** The scenario's `imageCache`: 'cold' means the workload images were removed from every real
   *  worker before the first step. Absent in records written before the key existed (warm). */
  imageCache?: 'warm' | 'cold';
  startMs: number;
  endMs?: number;
  status: RunStatus;
  /** The last line: why the run ended as it did. */
  reason?: string;
  exitCode?: number;
  cluster: {
    name: string;
    nodes: number;
    managers: number;
    workers: number;
    hollow: number;
    hosts: string[];
    /** 'privileged' | 'capabilities' */
    nodeMode: string;
    /** 'ingress' (routing mesh) | 'host' (host-mode publishing + DNS round-robin) */
    publishMode: string;
    /** True when this run brought the cluster up, false when it found it running (a reused
     *  swarm's manager differs from a fresh one's: moby/swarmkit#2763). */
    fresh?: boolean;
    /** Runs the cluster had served before this one (0: none; scenario/runs-served.ts). */
    runsServed?: number;
    /** Swarm's settings in force during the run, and which the scenario set (scenario/swarm-settings.ts). */
    swarm?: {
      dispatcherHeartbeatMs: number;
      snapshotInterval: number;
      taskHistoryLimit: number;
      setByScenario: string[];
    };
    /** Set when this run brought the cluster up (or grew it). */
    boot?: ClusterBootRecord;
  };
  environment: {
    harnessVersion: string;
    engineVersion: string;
    innerEngineVersion?: string;
    kernel: string;
    cpus: number;
    memBytes: number;
    /** The harness host's 1-minute load average when the run started: a busy host makes slower figures. */
    loadAtStart?: number;
    images: Record<string, { ref: string; source: string; version?: string }>;
  };
  steps: StepRecord[];
  marks: { name: string; timeMs: number }[];
  slos: SloResult[];
  /** Headline metric summaries, flat (kube-burner style): name -> { value, unit, better }. */
  metrics: Record<string, { value: number; unit: string; better: 'smaller' | 'bigger' }>;
}
