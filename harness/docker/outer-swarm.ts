// The outer swarm that carries the cluster overlay across outer hosts: initialised on the
// local engine or reused, further engines joined as workers, each labelled with how to reach
// its engine (so teardown finds every host after a crash), and left again only when
// swarmbench made it and nothing else uses it.
import { InfrastructureError } from '../errors.js';
import { connect, type Engine, type EngineSpec } from './engine.js';
import {
  initSwarm,
  joinSwarm,
  joinTokens,
  leaveSwarm,
  removeSwarmNode,
  swarmLabels,
  swarmState,
  updateSwarmNode,
} from './swarm.js';
import { listSwarmNodes } from './swarm-read.js';

const ENGINE_LABEL = 'swarmbench.engine';
const CREATED_BY = 'swarmbench.created-by';

/** Makes sure the local engine manages a swarm; returns whether swarmbench created it just now. */
export async function ensureOuterSwarm(
  local: Engine,
  opts: { advertiseAddr?: string } = {},
): Promise<{ created: boolean }> {
  const s = await swarmState(local);
  if (s.localNodeState === 'active') {
    if (!s.controlAvailable) {
      throw new InfrastructureError(
        `engine "${local.name}" is a worker of an outer swarm; the cluster needs a manager`,
        {
          fix: 'run swarmbench against a manager of that swarm (DOCKER_HOST), or make this engine leave it',
        },
      );
    }
    return { created: false };
  }
  if (s.localNodeState !== 'inactive') {
    throw new InfrastructureError(
      `engine "${local.name}" is in swarm state ${s.localNodeState}${s.error ? ` (${s.error})` : ''}`,
      {
        fix: 'wait for it to settle, or `docker swarm leave --force` on that engine',
      },
    );
  }
  await initSwarm(local, { advertiseAddr: opts.advertiseAddr ?? '127.0.0.1', labels: { [CREATED_BY]: 'swarmbench' } });
  return { created: true };
}

/** Joins a further engine to the local engine's swarm as a worker (or checks that it already is). */
export async function joinOuterHost(
  local: Engine,
  remote: Engine,
  opts: { advertiseAddr?: string } = {},
): Promise<void> {
  const [mine, theirs] = await Promise.all([swarmState(local), swarmState(remote)]);
  const nodes = await listSwarmNodes(local);
  let nodeId = theirs.nodeId;
  let joined = false;
  if (theirs.localNodeState === 'active') {
    if (!nodes.some((n) => n.id === theirs.nodeId)) {
      throw new InfrastructureError(`host "${remote.name}" is already in another swarm`, {
        fix: `make it leave that swarm (\`docker swarm leave\` on ${remote.name}) or drop it from the hosts file`,
      });
    }
  } else {
    if (/^127\.|^::1$/.test(mine.nodeAddr)) {
      throw new InfrastructureError(
        `the outer swarm on "${local.name}" advertises ${mine.nodeAddr}, which host "${remote.name}" cannot reach`,
        {
          fix: 're-create the outer swarm with a routable address (`advertiseAddr:` in the hosts file, on a fresh engine) ',
        },
      );
    }
    if (theirs.localNodeState !== 'inactive') await leaveSwarm(remote);
    const tokens = await joinTokens(local);
    await joinSwarm(remote, {
      remoteAddr: `${mine.nodeAddr}:2377`,
      token: tokens.worker,
      advertiseAddr: opts.advertiseAddr,
    });
    nodeId = (await swarmState(remote)).nodeId;
    joined = true;
  }
  const labels: Record<string, string> = { [ENGINE_LABEL]: JSON.stringify(remote.spec) };
  if (joined) labels[CREATED_BY] = 'swarmbench';
  await updateSwarmNode(local, nodeId, { labels });
}

/** The further hosts recorded on the outer swarm's nodes (the local engine not included). */
export async function outerHostSpecs(local: Engine): Promise<EngineSpec[]> {
  const s = await swarmState(local);
  if (s.localNodeState !== 'active' || !s.controlAvailable) return [];
  const nodes = await listSwarmNodes(local);
  const specs: EngineSpec[] = [];
  for (const n of nodes) {
    const raw = n.labels[ENGINE_LABEL];
    if (!raw || n.id === s.nodeId) continue;
    try {
      specs.push(JSON.parse(raw) as EngineSpec);
    } catch {
      // A hand-edited label is not ours to interpret.
    }
  }
  return specs;
}

/**
 * Undoes what swarmbench did to the outer swarm: hosts it joined leave, and the local engine
 * leaves when swarmbench initialised it. Only call when no cluster uses the swarm any more.
 */
export async function leaveOuterSwarm(local: Engine, inUse: () => Promise<boolean>): Promise<string[]> {
  const s = await swarmState(local);
  if (s.localNodeState !== 'active' || !s.controlAvailable) return [];
  if (await inUse()) return [];
  const left: string[] = [];
  const nodes = await listSwarmNodes(local);
  for (const n of nodes) {
    if (n.id === s.nodeId || n.labels[CREATED_BY] !== 'swarmbench' || !n.labels[ENGINE_LABEL]) continue;
    const spec = JSON.parse(n.labels[ENGINE_LABEL]!) as EngineSpec;
    try {
      await leaveSwarm(connect(spec));
    } catch {
      // An unreachable host is removed from the swarm all the same.
    }
    await removeSwarmNode(local, n.id);
    left.push(spec.name);
  }
  const services = await local.api.listServices();
  if ((await swarmLabels(local))[CREATED_BY] === 'swarmbench' && services.length === 0) {
    await leaveSwarm(local);
    left.push(local.name);
  }
  return left;
}
