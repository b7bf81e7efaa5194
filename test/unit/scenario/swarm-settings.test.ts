// Swarm's own settings in a scenario's cluster block: applied for the run in the swarm's units,
// recorded whether set or not, restored afterwards; a swarm that cannot be read fails only a
// scenario that asked for settings.
import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../harness/cluster/types.js';
import { applySwarmSettings, wantedSettings } from '../../../harness/scenario/swarm-settings.js';
import { createLogger } from '../../../harness/util/log.js';

function fakeSwarm(spec: Record<string, unknown>, unreadable = false) {
  const state = { index: 3, spec: structuredClone(spec) };
  const updates: Record<string, unknown>[] = [];
  const api = {
    swarmInspect: async () => {
      if (unreadable) throw new Error('manager unreachable');
      return { JoinTokens: { Worker: 'w', Manager: 'm' }, Version: { Index: state.index }, Spec: state.spec };
    },
    swarmUpdate: async ({ version, ...body }: Record<string, unknown>) => {
      expect(version).toBe(state.index);
      updates.push(body);
      state.spec = body;
      state.index++;
    },
  };
  return { cluster: { manager: async () => ({ api }) } as unknown as ClusterHandle, state, updates };
}

const lines: string[] = [];
const log = createLogger({ mode: 'plain', stream: { write: (s: string) => lines.push(s) > 0 } });
const DEFAULTS = {
  Name: 'default',
  Dispatcher: { HeartbeatPeriod: 5e9 },
  Raft: { SnapshotInterval: 10000, KeepOldSnapshots: 0 },
  Orchestration: { TaskHistoryRetentionLimit: 5 },
  Labels: { keep: 'me' },
};

describe("Swarm's own settings for a run", () => {
  it('reads a scenario block in the swarm units', () => {
    expect(wantedSettings({ dispatcherHeartbeat: '20s', snapshotInterval: 500, taskHistoryLimit: 0 })).toEqual({
      dispatcherHeartbeatMs: 20_000,
      snapshotInterval: 500,
      taskHistoryLimit: 0,
    });
    expect(wantedSettings({ dispatcherHeartbeat: 2 })).toEqual({ dispatcherHeartbeatMs: 2000 });
    expect(wantedSettings(undefined)).toEqual({});
  });

  it('applies what the scenario sets, records all three, and restores the rest of the spec as it was', async () => {
    const s = fakeSwarm(DEFAULTS);
    const applied = await applySwarmSettings(s.cluster, { dispatcherHeartbeat: '20s', snapshotInterval: 500 }, log);
    expect(applied.record).toEqual({
      dispatcherHeartbeatMs: 20_000,
      snapshotInterval: 500,
      taskHistoryLimit: 5,
      setByScenario: ['dispatcherHeartbeatMs', 'snapshotInterval'],
    });
    expect(s.state.spec).toMatchObject({
      Dispatcher: { HeartbeatPeriod: 20e9 },
      Raft: { SnapshotInterval: 500, KeepOldSnapshots: 0 },
      Labels: { keep: 'me' },
    });
    await applied.restore();
    expect(s.state.spec).toEqual(DEFAULTS);
  });

  it('changes nothing when the scenario sets nothing, and records the swarm as found', async () => {
    const s = fakeSwarm(DEFAULTS);
    const applied = await applySwarmSettings(s.cluster, undefined, log);
    expect(applied.record).toEqual({
      dispatcherHeartbeatMs: 5000,
      snapshotInterval: 10000,
      taskHistoryLimit: 5,
      setByScenario: [],
    });
    await applied.restore();
    expect(s.updates).toEqual([]);
  });

  it('fails only a scenario that asked for settings when the swarm cannot be read', async () => {
    expect((await applySwarmSettings(fakeSwarm({}, true).cluster, undefined, log)).record).toBeUndefined();
    expect(lines.join('')).toContain('swarm settings not recorded: manager unreachable');
    await expect(applySwarmSettings(fakeSwarm({}, true).cluster, { taskHistoryLimit: 1 }, log)).rejects.toThrow(
      'manager unreachable',
    );
  });
});
