// The metric names an SLO may use, with their unit and which direction is better. Steps and
// collectors write values under these names into the run's flat metrics map; SLOs, summary.json
// and bench.json read them. A name not listed here is a mistake in the scenario, caught at validate.

export type MetricUnit = 'ms' | 'per_s' | 'count' | 'ratio' | 'percent' | 'bytes';

export interface MetricDef {
  unit: MetricUnit;
  better: 'smaller' | 'bigger';
  description: string;
}

const STATS = ['p50', 'p90', 'p99', 'max', 'mean', 'min'];

const families: [string, string[] | null, MetricDef][] = [
  ['tasks.startup_latency', STATS, { unit: 'ms', better: 'smaller', description: 'task created -> running (swarm timestamps)' }],
  ['tasks.started', null, { unit: 'count', better: 'bigger', description: 'tasks that reached running' }],
  ['scale.tasks_per_second', [...STATS, ''], { unit: 'per_s', better: 'bigger', description: 'tasks reaching running per second during scale steps (no suffix: all scale steps together)' }],
  ['scale.converge_time', STATS, { unit: 'ms', better: 'smaller', description: 'scale step start -> service converged' }],
  ['update.duration', STATS, { unit: 'ms', better: 'smaller', description: 'rolling update start -> converged' }],
  ['nodes.add_time', STATS, { unit: 'ms', better: 'smaller', description: 'nodes.add start -> all new nodes Ready' }],
  ['chaos.tasks_lost', null, { unit: 'count', better: 'smaller', description: 'tasks not running again when a chaos step ended' }],
  ['chaos.detect_time', STATS, { unit: 'ms', better: 'smaller', description: 'chaos -> manager marks the node Down' }],
  ['chaos.reschedule_time', STATS, { unit: 'ms', better: 'smaller', description: 'chaos -> lost tasks running again elsewhere' }],
  ['chaos.converge_time', STATS, { unit: 'ms', better: 'smaller', description: 'chaos -> service converged and nodes back' }],
  ['chaos.leader_election_time', null, { unit: 'ms', better: 'smaller', description: 'leader killed -> another manager leads' }],
  ['http.success_ratio', null, { unit: 'ratio', better: 'bigger', description: 'HTTP answers 2xx / requests' }],
  ['http.requests', null, { unit: 'count', better: 'bigger', description: 'HTTP requests sent' }],
  ['http.requests_per_second', null, { unit: 'per_s', better: 'bigger', description: 'HTTP throughput' }],
  ['http.latency', STATS, { unit: 'ms', better: 'smaller', description: 'HTTP request latency' }],
  ['http.replicas_seen', null, { unit: 'count', better: 'bigger', description: 'distinct replicas that answered' }],
  ['http.replica_imbalance', null, { unit: 'ratio', better: 'smaller', description: 'answers of the busiest replica / mean answers per replica (1 = even)' }],
  ['manager.cpu_percent', STATS, { unit: 'percent', better: 'smaller', description: 'CPU of manager node containers, % of one core' }],
  ['worker.cpu_percent', STATS, { unit: 'percent', better: 'smaller', description: 'CPU of worker node containers, % of one core' }],
  ['harness.cpu_percent', STATS, { unit: 'percent', better: 'smaller', description: "the harness's own CPU, % of one core" }],
  ['manager.mem_bytes', STATS, { unit: 'bytes', better: 'smaller', description: 'memory of manager node containers' }],
  ['worker.mem_bytes', STATS, { unit: 'bytes', better: 'smaller', description: 'memory of worker node containers' }],
  ['nodes.ready', STATS, { unit: 'count', better: 'bigger', description: 'nodes Ready' }],
  ['nodes.down', STATS, { unit: 'count', better: 'smaller', description: 'nodes Down' }],
  ['harness.event_loop_lag', STATS, { unit: 'ms', better: 'smaller', description: "how late the harness's event loop ran" }],
  ['tasks.running', null, { unit: 'count', better: 'bigger', description: 'tasks running at the end of the run' }],
  ['tasks.desired', null, { unit: 'count', better: 'bigger', description: 'tasks desired at the end of the run' }],
  ['scale.calibrated_rate', null, { unit: 'per_s', better: 'bigger', description: "the host's raw container start rate (swarmbench calibrate)" }],
  ['scale.fraction_of_hardware', null, { unit: 'ratio', better: 'bigger', description: 'scale.tasks_per_second / scale.calibrated_rate' }],
  ['leader.changes', null, { unit: 'count', better: 'smaller', description: 'leader changes during the run' }],
];

const catalog = new Map<string, MetricDef>();
for (const [base, stats, def] of families) {
  if (!stats) catalog.set(base, def);
  else for (const s of stats) catalog.set(s === '' ? base : `${base}.${s}`, def);
}

export function metricDef(name: string): MetricDef | undefined {
  return catalog.get(name);
}

export function metricNames(): string[] {
  return [...catalog.keys()].sort();
}
