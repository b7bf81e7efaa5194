// What every step gets: the cluster, the inner manager, the recorder, the seeded randomness, and
// the run's view of the services steps created (their publish mode, replicas) and of scale
// measurements still waiting for convergence.
import type { ClusterHandle } from '../../cluster/types.js';
import type { Engine } from '../../docker/engine.js';
import type { Logger } from '../../util/log.js';
import type { Random } from '../prng.js';
import type { StepRecorder } from '../recorder.js';

export type PublishMode = 'ingress' | 'host';

export interface KnownService {
  name: string;
  mode: 'replicated' | 'global';
  replicas: number;
  ports: number[];
  /** Where its tasks may run (service.create's `on`): a global service wants one task on each
   *  such node, not on every node. Absent: any node. */
  on?: 'any' | 'hollow' | 'real';
}

/** A scale step's window, measured when its service converges (now, or at a later wait.converged). */
export interface PendingScale {
  step: string;
  index: number;
  startMs: number;
  /** Tasks that were already running before the step: not counted as started by it. */
  before: Set<string>;
}

export interface StepContext {
  cluster: ClusterHandle;
  /** The leading manager's API; `fresh` asks the cluster again (after a leader change). */
  manager(fresh?: boolean): Promise<Engine>;
  recorder: StepRecorder;
  log: Logger;
  random: Random;
  runId: string;
  scenario: string;
  /** Labels every service created by the run carries. */
  labels: Record<string, string>;
  publishMode: PublishMode;
  services: Map<string, KnownService>;
  pending: Map<string, PendingScale>;
  signal?: AbortSignal;
  /** Step results that go into the step's end point and run.json. */
  result: Record<string, number | string>;
}
