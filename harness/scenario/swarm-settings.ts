// Swarm's own knobs that change the managers' load (dispatcher heartbeat, raft snapshot interval,
// task history limit): a scenario sets them in `cluster.swarm`, the run applies them before its
// first step and restores the earlier values after it, and run.json records the values in force
// either way, so no figure depends on a setting nobody wrote down.
import type { ClusterHandle } from '../cluster/types.js';
import { swarmSettings, updateSwarmSettings, type SwarmSettings } from '../docker/swarm.js';
import { parseDuration } from '../util/duration.js';
import type { Logger } from '../util/log.js';
import type { SwarmSettingsSpec } from './types.js';

export interface SwarmSettingsRecord extends SwarmSettings {
  /** The settings the scenario set (the others are the swarm's as found). */
  setByScenario: (keyof SwarmSettings)[];
}

export interface AppliedSettings {
  /** Undefined when the swarm's settings could not be read and the scenario set none. */
  record?: SwarmSettingsRecord;
  /** Puts back what the scenario changed. Never throws. */
  restore(): Promise<void>;
}

/** The change a scenario's block asks for, in the swarm's units. */
export function wantedSettings(spec: SwarmSettingsSpec | undefined): Partial<SwarmSettings> {
  const out: Partial<SwarmSettings> = {};
  if (spec?.dispatcherHeartbeat !== undefined) {
    const ms = parseDuration(spec.dispatcherHeartbeat);
    if (ms !== undefined) out.dispatcherHeartbeatMs = ms;
  }
  if (spec?.snapshotInterval !== undefined) out.snapshotInterval = spec.snapshotInterval;
  if (spec?.taskHistoryLimit !== undefined) out.taskHistoryLimit = spec.taskHistoryLimit;
  return out;
}

export async function applySwarmSettings(
  cluster: ClusterHandle,
  spec: SwarmSettingsSpec | undefined,
  log: Logger,
): Promise<AppliedSettings> {
  const wanted = wantedSettings(spec);
  const engine = await cluster.manager();
  let before: SwarmSettings;
  try {
    before = await swarmSettings(engine);
  } catch (err) {
    // Only a scenario that sets them needs them: without, the run goes on, unrecorded.
    if (Object.keys(wanted).length > 0) throw err;
    log.warn(`swarm settings not recorded: ${(err as Error).message}`);
    return { restore: async () => undefined };
  }
  const changed = (Object.keys(wanted) as (keyof SwarmSettings)[]).filter((k) => wanted[k] !== before[k]);
  if (changed.length > 0) {
    await updateSwarmSettings(engine, wanted);
    log.info(`swarm settings for the run: ${changed.map((k) => `${k} ${before[k]} → ${wanted[k]}`).join(', ')}`);
  }
  const record: SwarmSettingsRecord = {
    ...before,
    ...wanted,
    setByScenario: Object.keys(wanted) as (keyof SwarmSettings)[],
  };
  return {
    record,
    async restore() {
      if (changed.length === 0) return;
      const back = Object.fromEntries(changed.map((k) => [k, before[k]])) as Partial<SwarmSettings>;
      try {
        await updateSwarmSettings(await cluster.manager(), back);
        log.info(`swarm settings restored: ${changed.map((k) => `${k} ${before[k]}`).join(', ')}`);
      } catch (err) {
        log.warn(`swarm settings not restored (${changed.join(', ')}): ${(err as Error).message}`);
      }
    },
  };
}
