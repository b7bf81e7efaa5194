// Containers started inside a dind node by its own engine: the path a task takes on a real
// worker (create and start by the node's engine), without the swarm. One exec per node starts
// `count` containers at once with the inner docker CLI, reads their Created and StartedAt (the
// node's clock, which is the host's), and removes them on every path.
import type { Engine } from './engine.js';
import { execIn } from './exec.js';
import { parseDockerTime } from './swarm-read.js';
import type { StartedTimes } from './start-rate.js';

const LABEL = 'swarmbench.role=nested-calibrate';

export interface NestedBatch {
  times: StartedTimes[];
  errors: string[];
}

/** Starts `count` containers of `image` inside the node at once; their engine-clock times. */
export async function startInNode(
  engine: Engine,
  containerId: string,
  image: string,
  count: number,
): Promise<NestedBatch> {
  // The image is a plain argument; the label and count are ours. `wait` for every start, then one
  // inspect for all, then remove them (also after a failure: the trap).
  const script = [
    `trap 'docker rm -f $(docker ps -aq --filter label=${LABEL}) >/dev/null 2>&1' EXIT`,
    // The image must be on the node before the clock starts: a start rate, not a pull.
    `docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>>/tmp/nested-errors`,
    `for i in $(seq ${count}); do docker run -d --label ${LABEL} "$1" top >/dev/null 2>>/tmp/nested-errors & done; wait`,
    `docker inspect -f '{{.Id}} {{.Created}} {{.State.StartedAt}}' $(docker ps -aq --filter label=${LABEL})`,
    `cat /tmp/nested-errors 2>/dev/null | sed 's/^/ERR /'; rm -f /tmp/nested-errors`,
  ].join('\n');
  const r = await execIn(engine, containerId, ['sh', '-c', script, 'nested', image], { timeoutMs: 120_000 });
  const times: StartedTimes[] = [];
  const errors: string[] = [];
  for (const line of r.output.split('\n')) {
    if (line.startsWith('ERR ')) errors.push(line.slice(4));
    const m = /^([0-9a-f]{12,}) (\S+) (\S+)$/.exec(line.trim());
    if (!m) continue;
    const t = { id: m[1]!, createdMs: parseDockerTime(m[2]!), startedMs: parseDockerTime(m[3]!) };
    if (Number.isFinite(t.createdMs) && Number.isFinite(t.startedMs) && t.startedMs > 0) times.push(t);
  }
  return { times, errors };
}
