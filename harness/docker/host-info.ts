// Small facts about an engine the cluster code needs: does it answer, how much memory it has.
import type { Engine } from './engine.js';

/** True when the engine answers a ping (no exception: callers poll with it). */
export async function answers(engine: Engine): Promise<boolean> {
  return engine.api.ping().then(
    () => true,
    () => false,
  );
}

/** The host's total memory as the engine reports it (bytes; 0 when unknown). */
export async function memTotal(engine: Engine): Promise<number> {
  const info = (await engine.api.info()) as { MemTotal?: number };
  return info.MemTotal ?? 0;
}

/** The engine's own ID (stable across restarts of that engine), for caches of what it can do. */
export async function engineId(engine: Engine): Promise<string> {
  const info = (await engine.api.info()) as { ID?: string };
  return info.ID ?? engine.name;
}
