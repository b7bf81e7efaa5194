// Reaching the inner swarm's managers: each manager's dockerd also listens on a unix socket
// in a directory bind-mounted from the first outer host; the harness connects there and
// prefers the leader.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InfrastructureError } from '../errors.js';
import { connect, type Engine } from '../docker/engine.js';
import { answers } from '../docker/host-info.js';
import { swarmState } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { retryUntil } from '../util/retry.js';
import { nodeSocketDir } from './names.js';

export function managerSocket(cluster: string, node: string): string {
  return join(nodeSocketDir(cluster, node), 'docker.sock');
}

export function managerEngine(cluster: string, node: string): Engine {
  return connect({ name: node, url: `unix://${managerSocket(cluster, node)}` });
}

/** Waits until a freshly started manager's engine answers on its socket. */
export async function waitForEngine(
  cluster: string,
  node: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Engine> {
  const engine = managerEngine(cluster, node);
  await retryUntil(
    async () => existsSync(managerSocket(cluster, node)) && (await answers(engine)),
    (ok) => ok,
    {
      timeoutMs,
      intervalMs: 250,
      signal,
      onTimeout: () =>
        new InfrastructureError(
          `manager ${node}'s engine did not answer on ${managerSocket(cluster, node)} within ${timeoutMs} ms`,
        ),
    },
  );
  return engine;
}

/** The leader among the given manager nodes (or any manager that has control, if none says so). */
export async function findLeader(cluster: string, managers: string[]): Promise<Engine> {
  let fallback: Engine | undefined;
  for (const name of managers) {
    if (!existsSync(managerSocket(cluster, name))) continue;
    const engine = managerEngine(cluster, name);
    try {
      const s = await swarmState(engine);
      if (s.localNodeState !== 'active' || !s.controlAvailable) continue;
      const leader = (await listSwarmNodes(engine)).find((n) => n.leader);
      if (leader?.hostname && managers.includes(leader.hostname)) return managerEngine(cluster, leader.hostname);
      fallback ??= engine;
    } catch {
      // A manager that does not answer is skipped; another may lead.
    }
  }
  if (fallback) return fallback;
  throw new InfrastructureError(`no manager of cluster "${cluster}" answers`, {
    fix: `check \`swarmbench status --cluster ${cluster}\`; \`swarmbench down --cluster ${cluster}\` and up again if the managers are gone`,
  });
}
