// The messages between the harness and a hollow worker process (Node IPC, one request, one
// reply, matched by id). The join token travels here, never on a command line or in the
// environment, where `ps` and /proc would show it.
import type { FleetOptions, FleetStats, SpawnResult, WorkerSelector, WorkerSummary } from '../fleet.js';

/** What a worker process needs to build its fleet: the fleet's options, less the logger (which stays in the process). */
export type FleetInit = Omit<FleetOptions, 'logger'>;

export type Request =
  | { op: 'init'; fleet: FleetInit }
  | { op: 'hello' }
  | { op: 'spawn'; count: number }
  | { op: 'pause' | 'resume' | 'kill'; selector: WorkerSelector }
  | { op: 'stats' }
  | { op: 'list' }
  | { op: 'record'; file: string | null }
  | { op: 'shutdown' };

export interface Results {
  init: { pid: number };
  hello: { pid: number; hostnamePrefix?: string };
  spawn: SpawnResult;
  pause: string[];
  resume: string[];
  kill: string[];
  stats: FleetStats;
  list: WorkerSummary[];
  record: string | null;
  shutdown: null;
}

export type RequestEnvelope = Request & { id: number };

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string }
  | { log: 'debug' | 'info' | 'warn' | 'error'; msg: string };
