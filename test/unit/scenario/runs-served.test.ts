// The runs a cluster served, counted in the inner swarm's own spec labels: read, counted in,
// written back with the rest of the spec as it was; a failure costs the figure, never the run.
import { describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../harness/cluster/types.js';
import { countRun, RUNS_SERVED_LABEL } from '../../../harness/scenario/runs-served.js';
import { createLogger } from '../../../harness/util/log.js';

function fakeSwarm(labels: Record<string, string>, failUpdate = false) {
  const state = { index: 7, spec: { Name: 'default', Labels: labels, Raft: { SnapshotInterval: 10000 } } };
  const updates: unknown[] = [];
  const api = {
    swarmInspect: async () => ({
      JoinTokens: { Worker: 'w', Manager: 'm' },
      Version: { Index: state.index },
      Spec: state.spec,
    }),
    swarmUpdate: async (body: { version: number } & typeof state.spec) => {
      if (failUpdate) throw new Error('manager unreachable');
      updates.push(body);
      const { version: _v, ...spec } = body;
      state.spec = spec;
      state.index++;
    },
  };
  const cluster = { manager: async () => ({ api }) } as unknown as ClusterHandle;
  return { cluster, state, updates };
}

const lines: string[] = [];
const log = createLogger({ mode: 'plain', stream: { write: (s: string) => lines.push(s) > 0 } });

describe('runs served by a cluster', () => {
  it('counts from 0 on a fresh swarm and keeps the rest of its spec', async () => {
    const s = fakeSwarm({ other: 'x' });
    expect(await countRun(s.cluster, log)).toBe(0);
    expect(await countRun(s.cluster, log)).toBe(1);
    expect(s.state.spec.Labels).toEqual({ other: 'x', [RUNS_SERVED_LABEL]: '2' });
    expect(s.state.spec.Raft).toEqual({ SnapshotInterval: 10000 });
    expect(s.updates[0]).toMatchObject({ version: 7 });
  });

  it('reads a label it cannot make sense of as 0', async () => {
    expect(await countRun(fakeSwarm({ [RUNS_SERVED_LABEL]: 'many' }).cluster, log)).toBe(0);
  });

  it('gives no figure when the swarm cannot be updated', async () => {
    expect(await countRun(fakeSwarm({}, true).cluster, log)).toBeUndefined();
    expect(lines.join('')).toContain('runs served by the cluster not counted: manager unreachable');
  });
});
