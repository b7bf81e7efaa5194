// The inner swarm's managers: the first one initialises the swarm (advertising its overlay
// address), the inner `ingress` network is removed at once (or recreated as a /16 when the
// routing mesh is wanted), the others join one at a time (Raft changes membership serially),
// and every manager is drained so tasks land on workers only (the Swarm2k lesson).
import { InfrastructureError } from '../errors.js';
import { tolerate, type Engine } from '../docker/engine.js';
import { createOverlay, listNetworks } from '../docker/networks.js';
import { initSwarm, joinTokens, removeSwarmNetwork, updateSwarmNode } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { retryUntil } from '../util/retry.js';
import type { Logger } from '../util/log.js';
import { failNode, overlayAddress, type NodeFailure } from './boot.js';
import { bootNode, type BootedNode, type BootInput } from './node-boot.js';
import { joinNode } from './join.js';
import { waitForEngine } from './manager.js';
import type { Placement } from './placement.js';
import { engineOf } from './runtime.js';

/** Inner ingress when the routing mesh is kept: a /16 so it does not run out of addresses past ~250 nodes. */
export const INNER_INGRESS_SUBNET = '10.255.0.0/16';

export interface Bootstrapped {
  leader: Engine;
  managerAddr: string;
  managers: BootedNode[];
  failed: NodeFailure[];
}

export async function bootstrapManagers(
  input: BootInput,
  placements: Placement[],
  opts: { routingMesh: boolean; heartbeatSeconds?: number; onStarted?: () => void },
): Promise<Bootstrapped> {
  const { rt, settings } = input;
  const deadline = Date.now() + settings.nodeTimeoutMs;
  // Managers ask their host's boot pacer first, so workers booting beside them queue behind.
  const booting = placements.map((p) => bootNode(input, p).finally(() => input.progress.startSettled()));
  opts.onStarted?.();
  const managers = await Promise.all(booting);
  const first = managers[0]!;
  const leader = await waitForEngine(rt.info.name, first.name, settings.nodeTimeoutMs, settings.signal);
  const addr = await overlayAddress(engineOf(rt, first.host), first.containerId, rt.network);
  await initSwarm(leader, { advertiseAddr: addr, heartbeatSeconds: opts.heartbeatSeconds });
  input.progress.joined++;
  await replaceIngress(leader, opts.routingMesh);
  const managerAddr = `${addr}:2377`;
  const failed: NodeFailure[] = [];
  const joined = [first];
  for (const m of managers.slice(1)) {
    try {
      const { manager: token } = await joinTokens(leader);
      await joinNode(
        engineOf(rt, m.host),
        m.containerId,
        { managerAddr, token },
        { deadline, signal: settings.signal },
      );
      input.progress.joined++;
      joined.push(m);
    } catch (err) {
      if (settings.signal?.aborted) throw err;
      failed.push(await failNode(input, m, err));
    }
  }
  if (failed.length > 0 && joined.length < Math.floor(placements.length / 2) + 1) {
    throw new InfrastructureError(`only ${joined.length} of ${placements.length} managers joined: no quorum`, {
      fix: `see the node messages above; \`swarmbench down --cluster ${rt.info.name}\` and try again`,
    });
  }
  await drainManagers(leader);
  settings.log?.info(
    `inner swarm formed: ${joined.length} manager${joined.length === 1 ? '' : 's'} (drained), leader ${first.name} at ${managerAddr}`,
  );
  return { leader, managerAddr, managers: joined, failed };
}

/**
 * After an interrupted `up` the swarm may exist with its default ingress still there (or, with
 * the routing mesh, with no ingress at all: interrupted between removing the default one and
 * creating ours) and its managers not drained: finish both (idempotent; a failure to remove
 * only warns, services may use it).
 */
export async function finishFormation(leader: Engine, routingMesh: boolean, log?: Logger): Promise<void> {
  await drainManagers(leader);
  if (routingMesh) {
    await ensureWideIngress(leader);
    return;
  }
  if ((await listNetworks(leader)).some((n) => n.name === 'ingress')) {
    await removeSwarmNetwork(leader, 'ingress').catch((err: Error) =>
      log?.warn(`inner ingress left in place: ${err.message}`),
    );
  }
}

const findIngress = async (leader: Engine) => (await listNetworks(leader)).find((n) => n.name === 'ingress');

/** The inner ingress appears a moment after init; wait for it, then remove (or re-create it as a /16). */
async function replaceIngress(leader: Engine, routingMesh: boolean): Promise<void> {
  await retryUntil(
    () => findIngress(leader),
    (n) => n !== undefined,
    {
      timeoutMs: 30_000,
      intervalMs: 200,
      onTimeout: () => new InfrastructureError('the inner swarm created no ingress network within 30 s'),
    },
  );
  if (!routingMesh) {
    await removeSwarmNetwork(leader, 'ingress');
    return;
  }
  await ensureWideIngress(leader);
}

/**
 * Reconciles until the inner ingress is our /16, whatever it is now (the default /24, none):
 * only possible while no service publishes through it. The swarm removes a network
 * asynchronously and its store may still hold the old one after the network list no longer
 * shows it, so a create can meet 409 "network with name ingress already exists": then look
 * again and retry.
 */
export async function ensureWideIngress(leader: Engine): Promise<void> {
  await retryUntil(
    async () => {
      const current = await findIngress(leader);
      if (current?.subnets.includes(INNER_INGRESS_SUBNET)) return true;
      if (current) await removeSwarmNetwork(leader, 'ingress');
      else
        await tolerate(
          createOverlay(leader, {
            name: 'ingress',
            subnet: INNER_INGRESS_SUBNET,
            labels: {},
            ingress: true,
            attachable: false,
          }),
          409,
        );
      return false;
    },
    (done) => done,
    {
      timeoutMs: 60_000,
      intervalMs: 300,
      onTimeout: (_, ms) =>
        new InfrastructureError(
          `the inner ingress network was not re-created as ${INNER_INGRESS_SUBNET} within ${ms} ms`,
          {
            fix: 'remove the services that publish ports through it, or `swarmbench down` this cluster and `up` again',
          },
        ),
    },
  );
}

/** Sets every manager's availability to drain. */
export async function drainManagers(leader: Engine): Promise<void> {
  for (const n of await listSwarmNodes(leader)) {
    if (n.role === 'manager' && n.availability !== 'drain')
      await updateSwarmNode(leader, n.id, { availability: 'drain' });
  }
}
