// A hollow worker whose join failed after the manager had created its node (the certificate
// never came: "context deadline exceeded" at 4,700 workers) is joined again as a fresh node,
// and the node the failed attempt left behind is named so the caller can remove it: otherwise it
// stays in the swarm as an agentless node, counted as an Unknown real node.
import { backoffDelay } from '../util/retry.js';
import { AbandonedJoinError, type JoinedNode } from './join.js';

export { AbandonedJoinError };

export class JoinFailedError extends Error {
  constructor(
    message: string,
    readonly orphans: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface JoinRetryOptions {
  /** Joins tried in all (default 3). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Joins, trying again as a fresh node after a failure; returns the node and the orphans left. */
export async function joinWithRetry(
  join: () => Promise<JoinedNode>,
  opts: JoinRetryOptions = {},
): Promise<{ joined: JoinedNode; orphans: string[] }> {
  const attempts = opts.attempts ?? 3;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const orphans: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return { joined: await join(), orphans };
    } catch (err) {
      if (err instanceof AbandonedJoinError) orphans.push(err.nodeId);
      if (attempt >= attempts) {
        const why = err instanceof Error ? err.message : String(err);
        throw new JoinFailedError(`${why} (after ${attempts} joins)`, orphans, { cause: err });
      }
      await sleep(backoffDelay(attempt, { initialMs: 1000, maxMs: 10_000 }));
    }
  }
}
