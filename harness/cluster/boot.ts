// Booting nodes: each node boots (node-boot.ts: container started, engine answering, booted
// again after a failure) and joins as soon as its engine answers, boots and joins each admitted
// by their pacer (boot-pace.ts); then the manager must see every joined node Ready. A node
// that fails for good is named with its last log lines and removed; the rest go on, unless so
// many fail that the host has plainly met its limit: then the nodes not yet started are not
// started, and the report says why.
import { setMaxListeners } from 'node:events';
import type { Engine } from '../docker/engine.js';
import { inspectContainer, killContainer, tailLogs } from '../docker/containers.js';
import { killContainerProcesses } from '../docker/kill-processes.js';
import { removeOwnVolume } from '../docker/volumes.js';
import { LABEL } from './labels.js';
import { removeSwarmNode } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { joinNode, type JoinTarget } from './join.js';
import { destroyNode } from './node-container.js';
import { nodeName, volumeName } from './names.js';
import type { Placement } from './placement.js';
import { bootNode, BootFailed, type BootedNode, type BootInput } from './node-boot.js';
import type { BootProgress } from './progress.js';
import { BootPace } from './boot-pace.js';
import type { BootSettings } from './options.js';
import { engineOf, type ClusterRuntime } from './runtime.js';
import type { NodeMode } from './types.js';
import { pollUntil } from '../util/retry.js';

export type { BootedNode, BootInput } from './node-boot.js';

export interface NodeFailure {
  name: string;
  host: string;
  reason: string;
  /** The node's last log lines. */
  logs: string;
}

/** What a boot needs; its pace follows the settings (fixed) or the hosts (adaptive). Stop the pace when done. */
export function bootInput(
  rt: ClusterRuntime,
  settings: BootSettings,
  mode: NodeMode,
  image: string,
  progress: BootProgress,
): BootInput {
  const pace = new BootPace({
    startConcurrency: settings.startConcurrency,
    joinConcurrency: settings.joinConcurrency,
    localHost: rt.local.spec.url.startsWith('unix:') ? rt.local.name : undefined,
    log: settings.log,
  });
  progress.pace = () => pace.summary();
  return { rt, settings, mode, image, progress, pace };
}

/** Records why a node failed, with its logs, and removes it. */
export async function failNode(
  input: BootInput,
  node: { name: string; host: string; index: number; containerId?: string },
  err: unknown,
): Promise<NodeFailure> {
  const engine = engineOf(input.rt, node.host);
  const logs = node.containerId ? await tailLogs(engine, node.containerId, 15) : '';
  if (node.containerId)
    await destroyNode(engine, input.rt.info.name, { ...node, containerId: node.containerId }).catch(() => undefined);
  // A node that failed before its container was made may still have left its labelled volume.
  else
    await removeOwnVolume(engine, volumeName(input.rt.info.name, node.index), {
      [LABEL.cluster]: input.rt.info.name,
    }).catch(() => undefined);
  input.progress.failed++;
  const reason = err instanceof Error ? err.message : String(err);
  const shown = logs ? logs.split('\n').join('\n    ') : '(none yet)';
  input.settings.log?.warn(`node ${node.name} on ${node.host} gave up: ${reason}\n  last log lines:\n    ${shown}`);
  return { name: node.name, host: node.host, reason, logs };
}

export interface StartAndJoinResult {
  joined: BootedNode[];
  failed: NodeFailure[];
  /** Nodes never started because so many others failed (see stoppedEarly). */
  notStarted: number;
  /** Why booting stopped before every node was tried. */
  stoppedEarly?: string;
}

/**
 * Nodes given up before the rest are not started: a few failures are bad luck, this many say
 * the host cannot take more (HOST-NOTES: past its limit, joins time out one after another).
 */
export function failureLimit(count: number): number {
  return Math.max(3, Math.ceil(count * 0.1));
}

/** Boots and joins nodes at the pace's rate; each join begins as soon as its node's engine answers. */
export async function startAndJoin(
  input: BootInput,
  placements: Placement[],
  target: JoinTarget | Promise<JoinTarget>,
): Promise<StartAndJoinResult> {
  const { settings, progress, pace } = input;
  const joined: BootedNode[] = [];
  const failed: NodeFailure[] = [];
  const stop = new AbortController();
  const signal = settings.signal ? AbortSignal.any([settings.signal, stop.signal]) : stop.signal;
  // Every node waiting for a pace slot listens on it: hundreds of listeners are expected.
  setMaxListeners(0, signal, ...(settings.signal ? [settings.signal] : []));
  const paced = { ...input, settings: { ...settings, signal } };
  let notStarted = 0;
  let stoppedEarly: string | undefined;
  const halted: { name: string; host: string; containerId: string }[] = [];
  const stopEarly = (why: string) => {
    if (stop.signal.aborted) return;
    stoppedEarly = why;
    settings.log?.warn(`${why}; not starting the ${placements.length - progress.started} nodes still waiting`);
    stop.abort(new Error(why));
  };
  // A host in a storm only gets worse with every node started: stop at once, not at the deadlines.
  const stormWatch = setInterval(() => {
    const storm = pace.storm();
    if (storm) stopEarly(`${storm} with ${progress.started} node containers started: this host cannot hold more`);
  }, 1000).unref();
  await Promise.all(
    placements.map(async (p) => {
      const name = nodeName(input.rt.info.name, p.index);
      let node: BootedNode | undefined;
      let settled = false;
      const settle = () => {
        if (!settled) progress.startSettled();
        settled = true;
      };
      try {
        node = await bootNode(paced, p);
        settle();
        const n = node;
        const t = await target;
        const slot = await pace.joins.acquire(signal);
        try {
          await joinNode(engineOf(input.rt, p.host), n.containerId, t, {
            deadline: Date.now() + settings.nodeTimeoutMs,
            signal,
            onRetry: (attempt, why) => {
              slot.trouble(`a join was retried (${why})`);
              settings.log?.debug(`${n.name}: join attempt ${attempt} failed (${why}); retrying`);
            },
          });
          slot.done();
        } catch (err) {
          slot.failed(`${n.name} did not join`);
          throw err;
        }
        progress.joined++;
        joined.push(node);
      } catch (err) {
        settle();
        if (err instanceof BootFailed && err.node) node = err.node;
        // Interrupted, or the managers never formed: the node stays for `down` or --rm-on-fail.
        if (settings.signal?.aborted) return;
        if (stop.signal.aborted && !node) {
          notStarted++;
          return;
        }
        if (stop.signal.aborted && node) {
          // Stopped mid-boot or mid-join: stop it at once (past the outer engine when it is on this
          // machine, which calms a host in a storm) and leave the container to `down` or the next
          // `up`, which replaces nodes an earlier up left unjoined; no log tail, the cause is known.
          halted.push({ name, host: p.host, containerId: node.containerId });
          progress.failed++;
          failed.push({
            name,
            host: p.host,
            reason: `stopped unfinished: ${stoppedEarly ?? 'booting was stopped'}`,
            logs: '',
          });
          return;
        }
        failed.push(await failNode(input, { name, host: p.host, index: p.index, containerId: node?.containerId }, err));
        if (failed.length >= failureLimit(placements.length)) {
          stopEarly(
            `${failed.length} nodes failed to boot or join (limit ${failureLimit(placements.length)} of ${placements.length}) at ${pace.summary()}: the host has met its limit`,
          );
        }
      }
    }),
  ).finally(() => clearInterval(stormWatch));
  if (halted.length > 0) {
    const { elsewhere } = await killContainerProcesses(halted.map((h) => h.containerId));
    for (const h of halted.filter((x) => elsewhere.includes(x.containerId)))
      await killContainer(engineOf(input.rt, h.host), h.containerId).catch(() => undefined);
    settings.log?.warn(
      `stopped ${halted.length} unfinished nodes (${halted.map((h) => h.name).join(', ')}); \`swarmbench down\` or another \`up\` removes them`,
    );
  }
  return { joined, failed, notStarted, stoppedEarly };
}

/**
 * Waits until the manager lists every named node Ready; returns the names still not Ready at
 * the deadline. A node that left and joined again leaves a Down entry behind: those stale
 * entries are removed once the same hostname is Ready, so `docker node ls` counts right.
 */
export async function waitReady(
  manager: Engine,
  names: string[],
  deadline: number,
  progress: BootProgress,
  signal?: AbortSignal,
): Promise<string[]> {
  const wanted = new Set(names);
  let notReady = [...wanted];
  const look = async () => {
    const nodes = await listSwarmNodes(manager).catch(() => undefined);
    if (nodes) {
      const ready = new Set(nodes.filter((n) => n.state === 'ready').map((n) => n.hostname));
      notReady = [...wanted].filter((n) => !ready.has(n));
      progress.ready = progress.readyBase + wanted.size - notReady.length;
    }
    return nodes;
  };
  const r = await pollUntil(look, (nodes) => nodes !== undefined && notReady.length === 0, {
    timeoutMs: deadline - Date.now(),
    intervalMs: 1000,
    signal,
  });
  if (!r.met) return notReady;
  for (const n of r.last ?? []) {
    if (wanted.has(n.hostname) && n.state !== 'ready') await removeSwarmNode(manager, n.id).catch(() => undefined);
  }
  return [];
}

/** The node's address on the cluster overlay (what the inner swarm advertises). */
export async function overlayAddress(engine: Engine, containerId: string, network: string): Promise<string> {
  const details = await inspectContainer(engine, containerId);
  const addr = details?.addresses[network];
  if (!addr) throw new Error(`container ${containerId} has no address on ${network}`);
  return addr;
}
