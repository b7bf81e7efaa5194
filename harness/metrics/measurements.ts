// The names of the built-in measurements in metrics.lp and InfluxDB, and what a point is. What
// each measurement holds (tags, fields, when it is written, what it folds into) is declared by
// its plug-in in measurements/ and documented from there in docs/metrics.md. Every point also
// carries the tags run, scenario and step. Modelled on the Telegraf swarm input used in Swarm2k
// (swarm, swarm_node, swarm_task_status).

export const COMMON_TAGS = ['run', 'scenario', 'step'] as const;

export const Measurement = {
  service: 'swarm_service',
  nodes: 'swarm_node',
  leader: 'swarm_leader',
  task: 'swarm_task_status',
  taskFailed: 'swarm_task_failed',
  taskEngine: 'swarm_task_engine',
  rate: 'swarm_sched',
  nodeResources: 'node_resources',
  hostResources: 'host_resources',
  harness: 'harness',
  mark: 'mark',
  step: 'step',
  chaos: 'chaos',
  http: 'http',
  hollowSim: 'hollow_sim',
  host: 'host',
  manager: 'swarm_manager',
} as const;
export type MeasurementName = (typeof Measurement)[keyof typeof Measurement];

export type FieldValue = number | string | boolean;

/** One point, the unit that goes unchanged to metrics.lp, InfluxDB and the reports. */
export interface Point {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Milliseconds since the epoch (written with ms precision). */
  timeMs: number;
  /** Fields that are integers in line protocol (suffix i). */
  intFields?: readonly string[];
}

/** A point's numeric field, or undefined when it is absent or not a finite number. */
export const numberField = (p: Point, field: string): number | undefined => {
  const v = p.fields[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};
