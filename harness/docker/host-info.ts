// Small facts about an engine the cluster code needs: does it answer, how much memory it has.
import type { Engine } from './engine.js';

/** True when the engine answers a ping (no exception: callers poll with it). */
export async function answers(engine: Engine): Promise<boolean> {
  return engine.api.ping().then(
    () => true,
    () => false,
  );
}

/** What the engine says of its host, in the harness's words. */
export interface HostFacts {
  /** The engine's own ID (stable across restarts of that engine), for caches of what it can do. */
  id: string;
  serverVersion: string;
  cpus: number;
  /** Total memory in bytes (0 when unknown). */
  memTotal: number;
}

export async function hostFacts(engine: Engine): Promise<HostFacts> {
  const info = (await engine.api.info()) as { ID?: string; ServerVersion?: string; NCPU?: number; MemTotal?: number };
  return {
    id: info.ID ?? engine.name,
    serverVersion: info.ServerVersion ?? 'unknown',
    cpus: info.NCPU ?? 0,
    memTotal: info.MemTotal ?? 0,
  };
}

/** The host's total memory as the engine reports it (bytes; 0 when unknown). */
export async function memTotal(engine: Engine): Promise<number> {
  return (await hostFacts(engine)).memTotal;
}
