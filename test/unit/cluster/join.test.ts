import { describe, expect, it } from 'vitest';
import { joinNode, JoinFailed, type NodeExec } from '../../../harness/cluster/join.js';
import type { Engine } from '../../../harness/docker/engine.js';
import type { Clock } from '../../../harness/util/retry.js';

/** A clock that jumps instead of sleeping. */
function fakeClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

/** Answers join attempts and state queries from scripted lists. */
function scripted(
  joins: { exitCode: number; output: string }[],
  states: string[],
): { exec: NodeExec; calls: string[] } {
  const calls: string[] = [];
  const exec: NodeExec = async (cmd, opts) => {
    const script = cmd[2] ?? '';
    if (script.includes('swarm join')) {
      calls.push(`join token=${opts.env?.some((e) => e.startsWith('SWARMBENCH_JOIN_TOKEN=')) ? 'env' : 'missing'}`);
      return joins.shift() ?? { exitCode: 0, output: 'This node joined a swarm as a worker.' };
    }
    calls.push('state');
    return { exitCode: 0, output: states.shift() ?? 'active|' };
  };
  return { exec, calls };
}

const engine = {} as Engine;
const target = { managerAddr: '10.96.0.2:2377', token: 'SWMTKN-1-abc-def' };

describe('joinNode', () => {
  it('joins at once when the join succeeds, the token passed in the environment only', async () => {
    const { exec, calls } = scripted([{ exitCode: 0, output: 'This node joined a swarm as a worker.' }], []);
    await joinNode(engine, 'c1', target, { deadline: 60_000, exec, clock: fakeClock() });
    expect(calls).toEqual(['join token=env']);
  });

  it('a timed-out join that settles active counts as joined', async () => {
    const { exec, calls } = scripted(
      [{ exitCode: 1, output: 'Timeout was reached before node joined.' }],
      ['pending|', 'active|'],
    );
    await joinNode(engine, 'c1', target, { deadline: 300_000, exec, clock: fakeClock() });
    expect(calls).toEqual(['join token=env', 'state', 'state']);
  });

  it('a join that ends in state error is retried (leave, then join) with backoff', async () => {
    const retries: string[] = [];
    const { exec, calls } = scripted(
      [{ exitCode: 1, output: 'Timeout was reached before node joined.' }],
      ['error|context deadline exceeded'],
    );
    await joinNode(engine, 'c1', target, {
      deadline: 300_000,
      exec,
      clock: fakeClock(),
      onRetry: (_, why) => retries.push(why),
    });
    expect(calls).toEqual(['join token=env', 'state', 'join token=env']);
    expect(retries).toEqual(['error: context deadline exceeded']);
  });

  it('gives up at the deadline with the last thing the node said', async () => {
    const failing = Array.from({ length: 50 }, () => ({
      exitCode: 1,
      output: 'Timeout was reached before node joined.',
    }));
    const { exec } = scripted(
      failing,
      Array.from({ length: 500 }, () => 'error|context deadline exceeded'),
    );
    const err = await joinNode(engine, 'c1', target, { deadline: 120_000, exec, clock: fakeClock() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(JoinFailed);
    expect((err as Error).message).toMatch(/deadline.*context deadline exceeded/);
    expect((err as Error).message).not.toContain('SWMTKN');
  });

  it('an engine that never answers is not retried', async () => {
    const { exec, calls } = scripted([{ exitCode: 3, output: "the node's engine did not answer within 60 s" }], []);
    await expect(joinNode(engine, 'c1', target, { deadline: 300_000, exec, clock: fakeClock() })).rejects.toThrow(
      /did not answer/,
    );
    expect(calls).toHaveLength(1);
  });
});
