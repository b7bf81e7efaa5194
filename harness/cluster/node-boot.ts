// Booting one node: its container starts and it counts as booting until its engine answers.
// On a starved CPU a node's dockerd can exit during boot ("timeout waiting for containerd to
// start") or never answer; such a node is booted again with backoff — first its container is
// restarted on the same data volume, then it is recreated on a clean one — a bounded number of
// times, and only then given up. Each boot holds a slot of its host's boot pacer, so booting
// nodes count against the pace and a failed boot narrows it.
import { killContainer, removeOwnContainer, startContainer } from '../docker/containers.js';
import { awaitInnerEngine } from '../docker/inner-engine.js';
import { isTransient, type Engine } from '../docker/engine.js';
import { backoffDelay, withBackoff } from '../util/retry.js';
import type { BootPace } from './boot-pace.js';
import { LABEL } from './labels.js';
import { nodeName } from './names.js';
import { destroyNode, startNode } from './node-container.js';
import type { BootSettings } from './options.js';
import type { Placement } from './placement.js';
import type { BootProgress } from './progress.js';
import { engineOf, type ClusterRuntime } from './runtime.js';
import type { NodeInfo, NodeMode } from './types.js';

export interface BootedNode extends NodeInfo {
  index: number;
}

export interface BootInput {
  rt: ClusterRuntime;
  settings: BootSettings;
  mode: NodeMode;
  image: string;
  progress: BootProgress;
  pace: BootPace;
}

/** Starts one node container, retrying transient engine errors. */
export async function startOne(input: BootInput, p: Placement): Promise<BootedNode> {
  const engine = engineOf(input.rt, p.host);
  const spec = {
    cluster: input.rt.info.name,
    index: p.index,
    role: p.role,
    host: p.host,
    mode: input.mode,
    image: input.image,
    network: input.rt.network,
  };
  // A retry first removes what a failed attempt may have left under the node's name.
  const containerId = await withBackoff(
    async (attempt) => {
      if (attempt > 1)
        await removeOwnContainer(engine, nodeName(spec.cluster, p.index), { [LABEL.cluster]: spec.cluster });
      return startNode(engine, spec);
    },
    {
      attempts: 4,
      retryable: isTransient,
      signal: input.settings.signal,
    },
  );
  return {
    name: nodeName(spec.cluster, p.index),
    index: p.index,
    role: p.role,
    host: p.host,
    containerId,
    hollow: false,
  };
}

/** A node's own engine failed to come up (as opposed to the outer engine refusing a call). */
export class BootFailed extends Error {
  constructor(
    message: string,
    /** The node as it stood, when its container exists (for its logs). */
    readonly node?: BootedNode,
  ) {
    super(message);
  }
}

/** Boots a node until its engine answers, booting it again after a failure. */
export async function bootNode(input: BootInput, p: Placement): Promise<BootedNode> {
  const { settings, progress } = input;
  const engine = engineOf(input.rt, p.host);
  const pacer = input.pace.boots(p.host);
  let node: BootedNode | undefined;
  for (let attempt = 1; ; attempt++) {
    const slot = await pacer.acquire(settings.signal);
    progress.booting++;
    try {
      if (!node) {
        node = await startOne(input, p);
        progress.started++;
      } else await reboot(input, engine, node, attempt);
      const why = await awaitInnerEngine(engine, node.containerId, settings.engineTimeoutMs);
      if (why) throw new BootFailed(why);
      slot.done();
      return node;
    } catch (err) {
      if (!(err instanceof BootFailed) || settings.signal?.aborted) {
        slot.release();
        // Not the node's own failure (the outer engine refused, or booting was stopped): no more
        // boots, but the caller gets the node, whose container exists, to clean up or report.
        throw node ? new BootFailed(err instanceof Error ? err.message : String(err), node) : err;
      }
      slot.failed(`node ${node?.name ?? p.index}: ${err.message}`);
      if (attempt >= settings.bootAttempts)
        throw new BootFailed(`${err.message} (booted ${attempt} time${attempt === 1 ? '' : 's'})`, node);
      progress.restarted++;
      const how = attempt === 1 ? 'restarting its container' : 'recreating it on a clean data volume';
      settings.log?.warn(
        `node ${node?.name ?? p.index} on ${p.host}: ${err.message}; ${how} (boot ${attempt + 1} of ${settings.bootAttempts})`,
      );
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, { initialMs: 2000, maxMs: 15_000 })));
    } finally {
      progress.booting--;
    }
  }
}

/** Boot 2 restarts the container on its volume; later boots start from a clean volume. */
async function reboot(input: BootInput, engine: Engine, node: BootedNode, attempt: number): Promise<void> {
  await killContainer(engine, node.containerId);
  if (attempt === 2) {
    await startContainer(engine, node.containerId);
    return;
  }
  await destroyNode(engine, input.rt.info.name, node);
  const fresh = await startOne(input, { index: node.index, role: node.role, host: node.host });
  node.containerId = fresh.containerId;
}
