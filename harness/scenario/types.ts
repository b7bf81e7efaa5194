// The shape of a scenario once it is valid and every parameter is filled in: what steps/ and
// runner.ts consume. The JSON Schema in schema.ts describes the same shape for files and editors.

export type ParamType = 'integer' | 'number' | 'duration' | 'boolean' | 'string' | 'list';
export type ParamValue = number | string | boolean | ParamValue[];

export interface ParamDef {
  default: ParamValue;
  type?: ParamType;
  description?: string;
}

export interface ClusterSpec {
  /** dind nodes in all, managers included. */
  nodes: number;
  managers: number;
  /** Simulated workers (no containers). */
  hollow: number;
}

export interface PublishSpec {
  target: number;
  published: number;
}

export interface ServiceCreateStep {
  name: string;
  /** Logical catalog image ('alpine' | 'nginx') or a full reference. */
  image: string;
  command?: string[];
  replicas?: number;
  mode?: 'replicated' | 'global';
  env?: Record<string, string>;
  publish?: PublishSpec[];
  /** Wait until the service converged before the next step, and measure the rate. */
  wait?: boolean;
  timeout?: string | number;
  /** Per-node task limit (swarm MaxReplicas). */
  maxPerNode?: number;
  /** Which nodes may run the tasks: hollow workers only, real (dind) nodes only, or any (default). */
  on?: 'any' | 'hollow' | 'real';
}

export interface ServiceScaleStep {
  service: string;
  replicas: number;
  wait?: boolean;
  timeout?: string | number;
}

export interface ServiceUpdateStep {
  service: string;
  image?: string;
  env?: Record<string, string>;
  parallelism?: number;
  delay?: string | number;
  wait?: boolean;
  timeout?: string | number;
}

export interface ServiceRemoveStep {
  service: string;
}

export interface WaitConvergedStep {
  /** A service name, or "all". */
  service: string;
  timeout?: string | number;
}

export interface SleepStep {
  duration: string | number;
}

export interface NodesAddStep {
  count: number;
  timeout?: string | number;
}

export interface NodesRemoveStep {
  count: number;
  drain?: boolean;
}

export type ChaosActionName = 'restart' | 'kill' | 'pause' | 'disconnect';

export interface ChaosStep {
  action: ChaosActionName;
  /** 'workers' (default: dind workers), 'hollow' (hollow workers) or 'leader' (kill the leading manager; needs 3 or more managers). */
  target?: 'workers' | 'hollow' | 'leader';
  fraction?: number;
  count?: number;
  /** How long paused/disconnected nodes stay so. */
  duration?: string | number;
  /** The service whose tasks are watched (reschedule, converge, lost). Default: every service. */
  service?: string;
  timeout?: string | number;
}

export interface HttpLoadStep {
  service: string;
  port: number;
  duration: string | number;
  concurrency?: number;
  path?: string;
}

export interface MarkStep {
  name: string;
}

export interface StepBodies {
  'service.create': ServiceCreateStep;
  'service.scale': ServiceScaleStep;
  'service.update': ServiceUpdateStep;
  'service.remove': ServiceRemoveStep;
  'wait.converged': WaitConvergedStep;
  sleep: SleepStep;
  'nodes.add': NodesAddStep;
  'nodes.remove': NodesRemoveStep;
  chaos: ChaosStep;
  'http.load': HttpLoadStep;
  mark: MarkStep;
}
export type StepType = keyof StepBodies;

/** One step after repeat expansion: its type, body, and where it came from in the file. */
export type ResolvedStep = {
  [K in StepType]: { type: K; body: StepBodies[K]; name: string; index: number; sourceIndex: number };
}[StepType];

export interface ResolvedScenario {
  name: string;
  description: string;
  file: string;
  params: Record<string, ParamValue>;
  cluster: ClusterSpec;
  steps: ResolvedStep[];
  slos: string[];
}
