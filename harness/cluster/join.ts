// Joining one node to the inner swarm through its outer engine (exec), so no inner engine
// needs a reachable port. Joins that time out under load can end in swarm state `error` and
// never retry by themselves (HOST-NOTES): detect that, leave, and join again with backoff,
// until the node's deadline; then give up with the last thing the node said.
import type { Engine } from '../docker/engine.js';
import { execIn, type ExecResult } from '../docker/exec.js';
import type { Clock } from '../util/retry.js';
import { backoffDelay, pollUntil, systemClock } from '../util/retry.js';

export interface JoinTarget {
  /** A manager's address on the overlay, "ip:2377". */
  managerAddr: string;
  token: string;
}

/** Waits for the node's engine, joins unless already active, leaves first after a failed join. */
const JOIN_SCRIPT = `
i=0
until docker info >/dev/null 2>&1; do
  i=$((i+1)); [ $i -gt 300 ] && { echo "the node's engine did not answer within 60 s"; exit 3; }
  sleep 0.2
done
state=$(docker info --format '{{.Swarm.LocalNodeState}}')
case "$state" in
  active) echo "already joined"; exit 0 ;;
  error|pending|locked) docker swarm leave --force >/dev/null 2>&1 ;;
esac
exec docker swarm join --token "$SWARMBENCH_JOIN_TOKEN" "$SWARMBENCH_MANAGER"
`;

const STATE_SCRIPT = `docker info --format '{{.Swarm.LocalNodeState}}|{{.Swarm.Error}}'`;

export class JoinFailed extends Error {}

/** Runs a command in the node; injectable so the retry logic can be tested without an engine. */
export type NodeExec = (cmd: string[], opts: { env?: string[]; timeoutMs?: number }) => Promise<ExecResult>;

export interface JoinOptions {
  deadline: number;
  signal?: AbortSignal;
  clock?: Clock;
  onRetry?: (attempt: number, why: string) => void;
  exec?: NodeExec;
}

export async function joinNode(
  engine: Engine,
  containerId: string,
  target: JoinTarget,
  opts: JoinOptions,
): Promise<void> {
  const clock = opts.clock ?? systemClock;
  const exec: NodeExec = opts.exec ?? ((cmd, o) => execIn(engine, containerId, cmd, o));
  let last = '';
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    const remaining = opts.deadline - clock.now();
    if (remaining <= 0) throw new JoinFailed(`did not join before its deadline; last: ${last || 'nothing'}`);
    try {
      const res = await exec(['sh', '-c', JOIN_SCRIPT], {
        env: [`SWARMBENCH_JOIN_TOKEN=${target.token}`, `SWARMBENCH_MANAGER=${target.managerAddr}`],
        timeoutMs: Math.min(remaining, 120_000),
      });
      if (res.exitCode === 0) return;
      last = res.output.trim().split('\n').pop() ?? `exit ${res.exitCode}`;
      if (res.exitCode === 3) throw new JoinFailed(last);
    } catch (err) {
      if (err instanceof JoinFailed) throw err;
      last = err instanceof Error ? err.message : String(err);
    }
    // A timed-out join goes on in the background: see where it settles before trying again.
    const settled = await settle(exec, Math.min(opts.deadline, clock.now() + 60_000), clock);
    if (settled.state === 'active') return;
    if (settled.error) last = `${settled.state}: ${settled.error}`;
    opts.onRetry?.(attempt, last);
    await clock.sleep(backoffDelay(attempt, { initialMs: 1000, maxMs: 15_000 }));
  }
}

/** Asks the node's state every 2 s until it is no longer pending (an answer) or `until` passes. */
async function settle(exec: NodeExec, until: number, clock: Clock): Promise<{ state: string; error: string }> {
  let seen = { state: 'unknown', error: '' };
  const ask = async (): Promise<boolean> => {
    // Nothing is asked at or after `until` (pollUntil looks once more at its deadline).
    if (clock.now() >= until) return false;
    try {
      const res = await exec(['sh', '-c', STATE_SCRIPT], { timeoutMs: 30_000 });
      const [state = 'unknown', error = ''] = res.output.trim().split('|');
      seen = { state, error };
      return state !== 'pending';
    } catch (err) {
      seen = { state: 'unknown', error: err instanceof Error ? err.message : String(err) };
      return false;
    }
  };
  await pollUntil(ask, (answered) => answered, { timeoutMs: until - clock.now(), intervalMs: 2000, clock });
  return seen;
}
