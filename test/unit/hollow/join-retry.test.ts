// A hollow worker whose certificate never came is joined again as a fresh node, and the node the
// failed attempt left in the swarm is named for removal (issue 13: one straggler of 4,700 stayed
// an agentless Unknown node and failed `up`).
import { describe, expect, it } from 'vitest';
import type { JoinedNode } from '../../../harness/hollow/join.js';
import { AbandonedJoinError, joinWithRetry, JoinFailedError } from '../../../harness/hollow/join-retry.js';

const node: JoinedNode = { nodeId: 'n2', privateKeyPem: 'key', certChainPem: 'cert' };
const noSleep = async () => undefined;

describe('joinWithRetry', () => {
  it('joins again after a certificate that never came, naming the node left behind', async () => {
    let calls = 0;
    const r = await joinWithRetry(
      async () => {
        if (++calls === 1)
          throw new AbandonedJoinError('waiting for the certificate of node n1: context deadline exceeded', 'n1');
        return node;
      },
      { sleep: noSleep },
    );
    expect(calls).toBe(2);
    expect(r).toEqual({ joined: node, orphans: ['n1'] });
  });

  it('gives up after its attempts with every orphan, and retries a refusal without one', async () => {
    let calls = 0;
    const err = await joinWithRetry(
      async () => {
        calls++;
        if (calls === 2) throw new Error('the manager refused a certificate: unavailable');
        throw new AbandonedJoinError('context deadline exceeded', `n${calls}`);
      },
      { attempts: 3, sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(err).toBeInstanceOf(JoinFailedError);
    expect((err as JoinFailedError).orphans).toEqual(['n1', 'n3']);
    expect((err as Error).message).toBe('context deadline exceeded (after 3 joins)');
  });
});
