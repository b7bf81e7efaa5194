// Booting nodes: start containers (bounded), join each as soon as it is started (bounded
// separately), then wait until the manager sees every joined node Ready. A node that fails
// is named with its last log lines and removed; the rest go on.
import pLimit from 'p-limit';
import { isTransient, type Engine } from '../docker/engine.js';
import { inspectContainer, removeOwnContainer, tailLogs } from '../docker/containers.js';
import { removeOwnVolume } from '../docker/volumes.js';
import { LABEL } from './labels.js';
import { removeSwarmNode } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { withBackoff } from '../util/retry.js';
import type { BootSettings } from './options.js';
import { joinNode, type JoinTarget } from './join.js';
import { destroyNode, startNode } from './node-container.js';
import { nodeName, volumeName } from './names.js';
import type { Placement } from './placement.js';
import type { BootProgress } from './progress.js';
import { engineOf, type ClusterRuntime } from './runtime.js';
import type { NodeInfo, NodeMode } from './types.js';

export interface NodeFailure {
  name: string;
  host: string;
  reason: string;
  /** The node's last log lines. */
  logs: string;
}

export interface BootedNode extends NodeInfo {
  index: number;
}

export interface BootInput {
  rt: ClusterRuntime;
  settings: BootSettings;
  mode: NodeMode;
  image: string;
  progress: BootProgress;
}

/** Starts one node container, retrying transient engine errors. */
export async function startOne(input: BootInput, p: Placement): Promise<BootedNode> {
  const engine = engineOf(input.rt, p.host);
  const spec = { cluster: input.rt.info.name, index: p.index, role: p.role, host: p.host, mode: input.mode, image: input.image, network: input.rt.network };
  // A retry first removes what a failed attempt may have left under the node's name.
  const containerId = await withBackoff(async (attempt) => {
    if (attempt > 1) await removeOwnContainer(engine, nodeName(spec.cluster, p.index), { [LABEL.cluster]: spec.cluster });
    return startNode(engine, spec);
  }, {
    attempts: 4,
    retryable: isTransient,
    signal: input.settings.signal,
  });
  input.progress.started++;
  input.progress.startSettled();
  return { name: nodeName(spec.cluster, p.index), index: p.index, role: p.role, host: p.host, containerId, hollow: false };
}

/** Records why a node failed, with its logs, and removes it. */
export async function failNode(input: BootInput, node: { name: string; host: string; index: number; containerId?: string }, err: unknown): Promise<NodeFailure> {
  const engine = engineOf(input.rt, node.host);
  const logs = node.containerId ? await tailLogs(engine, node.containerId, 15) : '';
  if (node.containerId) await destroyNode(engine, input.rt.info.name, { ...node, containerId: node.containerId }).catch(() => undefined);
  // A node that failed before its container was made may still have left its labelled volume.
  else await removeOwnVolume(engine, volumeName(input.rt.info.name, node.index), { [LABEL.cluster]: input.rt.info.name }).catch(() => undefined);
  input.progress.failed++;
  const reason = err instanceof Error ? err.message : String(err);
  const shown = logs ? logs.split('\n').join('\n    ') : '(none yet)';
  input.settings.log?.warn(`node ${node.name} on ${node.host} gave up: ${reason}\n  last log lines:\n    ${shown}`);
  return { name: node.name, host: node.host, reason, logs };
}

/** Starts and joins nodes with bounded concurrency; each join begins as soon as its node is started. */
export async function startAndJoin(input: BootInput, placements: Placement[], target: JoinTarget | Promise<JoinTarget>): Promise<{ joined: BootedNode[]; failed: NodeFailure[] }> {
  const startLimit = pLimit(input.settings.startConcurrency);
  const joinLimit = pLimit(input.settings.joinConcurrency);
  const joined: BootedNode[] = [];
  const failed: NodeFailure[] = [];
  await Promise.all(
    placements.map(async (p) => {
      let node: BootedNode | undefined;
      const deadline = Date.now() + input.settings.nodeTimeoutMs;
      try {
        node = await startLimit(() => {
          input.settings.signal?.throwIfAborted();
          return startOne(input, p);
        });
        const n = node;
        const t = await target;
        await joinLimit(() => {
          input.settings.signal?.throwIfAborted();
          return joinNode(engineOf(input.rt, p.host), n.containerId, t, {
            deadline,
            signal: input.settings.signal,
            onRetry: (attempt, why) => input.settings.log?.debug(`${n.name}: join attempt ${attempt} failed (${why}); retrying`),
          });
        });
        input.progress.joined++;
        joined.push(node);
      } catch (err) {
        if (!node) input.progress.startSettled();
        // Interrupted, or the managers never formed: the node stays for `down` or --rm-on-fail.
        if (input.settings.signal?.aborted) return;
        failed.push(await failNode(input, { name: nodeName(input.rt.info.name, p.index), host: p.host, index: p.index, containerId: node?.containerId }, err));
      }
    }),
  );
  return { joined, failed };
}

/**
 * Waits until the manager lists every named node Ready; returns the names still not Ready at
 * the deadline. A node that left and joined again leaves a Down entry behind: those stale
 * entries are removed once the same hostname is Ready, so `docker node ls` counts right.
 */
export async function waitReady(manager: Engine, names: string[], deadline: number, progress: BootProgress, signal?: AbortSignal): Promise<string[]> {
  const wanted = new Set(names);
  let notReady = [...wanted];
  for (;;) {
    signal?.throwIfAborted();
    const nodes = await listSwarmNodes(manager).catch(() => undefined);
    if (nodes) {
      const ready = new Set(nodes.filter((n) => n.state === 'ready').map((n) => n.hostname));
      notReady = [...wanted].filter((n) => !ready.has(n));
      progress.ready = progress.readyBase + wanted.size - notReady.length;
      if (notReady.length === 0) {
        for (const n of nodes) {
          if (wanted.has(n.hostname) && n.state !== 'ready') await removeSwarmNode(manager, n.id).catch(() => undefined);
        }
        return [];
      }
    }
    if (Date.now() >= deadline) return notReady;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The node's address on the cluster overlay (what the inner swarm advertises). */
export async function overlayAddress(engine: Engine, containerId: string, network: string): Promise<string> {
  const details = await inspectContainer(engine, containerId);
  const addr = details?.addresses[network];
  if (!addr) throw new Error(`container ${containerId} has no address on ${network}`);
  return addr;
}
