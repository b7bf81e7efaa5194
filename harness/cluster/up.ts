// `up`: outer swarm and hosts, the cluster overlay, the registry, the managers, then the
// workers, until every node is Ready. Re-running `up` with a larger N adds the missing nodes;
// with a smaller N it changes nothing. Interrupted (signal) or failed with rmOnFail, it tears
// down what it made; otherwise everything stays labelled for `down`.
import { existsSync } from 'node:fs';
import { InfrastructureError, SwarmbenchError, ExitCode } from '../errors.js';
import { connect, defaultEngineSpec, type Engine } from '../docker/engine.js';
import { startableMode } from '../docker/containers.js';
import { detectNodeMode, probeKernel } from '../docker/probe.js';
import { bootstrapManagers, finishFormation } from './bootstrap.js';
import { bootInput, type NodeFailure } from './boot.js';
import type { BootPaceRecord } from './boot-pace.js';
import { downCluster } from './down.js';
import { Cluster } from './handle.js';
import { addWorkers, nextIndex, type GrowResult } from './grow.js';
import { startHollow, type HollowUpReport } from './hollow.js';
import { findLeader, waitForEngine } from './manager.js';
import { swarmState } from '../docker/swarm.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import { listNetworks } from '../docker/networks.js';
import { hostFacts } from '../docker/host-info.js';
import { inspectImage } from '../docker/images.js';
import { capacityFile, capacityKey, capacityWarning, readCapacity } from './capacity.js';
import { clusterFilter, LABEL } from './labels.js';
import { checkSubnetEarly, ensureClusterNetwork } from './network.js';
import { checkUpOptions, type CheckedUpOptions, type UpOptions } from './options.js';
import { prepareOuterHosts } from './outer-hosts.js';
import { BootProgress } from './progress.js';
import { destroyNode } from './node-container.js';
import { ensureRegistry } from './registry.js';
import {
  clusterInfoFrom,
  IPVS_LABEL,
  ROUTING_MESH_LABEL,
  nodeRecords,
  type ClusterRuntime,
  type NodeRecord,
} from './runtime.js';
import type { NodeMode } from './types.js';

export interface UpReport {
  cluster: string;
  /** Nodes Ready in the inner swarm when `up` returned (managers included). */
  ready: number;
  managers: number;
  /** Node containers (dind) this `up` added. */
  added: number;
  /** Until the dind nodes were Ready (hollow workers come after). */
  elapsedMs: number;
  nodesPerSecond: number;
  /** The whole `up`, hollow workers included. */
  totalMs: number;
  failed: NodeFailure[];
  /** Boots repeated after a node's engine exited or never answered (the node went on). */
  restarted: number;
  /** Nodes not started because so many others failed that the host had met its limit. */
  notStarted: number;
  /** Why booting stopped before every node was tried. */
  stoppedEarly?: string;
  /** Real nodes that had to be Ready (--min-ready; default all). */
  minReady: number;
  /** The pace boots and joins ran at, how it moved and why (absent when nothing booted). */
  pace?: BootPaceRecord;
  /** Set when the cluster already had more nodes than asked: nothing was changed. */
  note?: string;
  /** Hollow workers (`--hollow`), when asked for; `ready` above counts them too. */
  hollow?: HollowUpReport;
}

export interface StartedCluster extends Cluster {
  readonly report: UpReport;
}

export async function up(opts: UpOptions): Promise<StartedCluster> {
  const o = checkUpOptions(opts);
  const t0 = Date.now();
  const local = connect(o.local ?? defaultEngineSpec());
  let existedBefore = true; // until known otherwise, never tear down on failure
  try {
    await checkSubnetEarly(local, o.cluster, o.subnet);
    const engines = await prepareOuterHosts(local, o.hosts, {
      advertiseAddr: o.advertiseAddr,
      images: [o.images.node],
      log: o.log,
    });
    const existing = (await listNetworks(local, clusterFilter(o.cluster, 'network')))[0];
    existedBefore = existing !== undefined;
    const mode =
      (existing?.labels[LABEL.nodeMode] as NodeMode | undefined) ?? o.nodeMode ?? (await nodeModeOf(local, o));
    const ipvs = existing ? existing.labels[IPVS_LABEL] === 'true' : await ipvsOf(local, o, mode);
    const net = await ensureClusterNetwork(engines, o.cluster, {
      subnet: o.subnet,
      nodeMode: mode,
      ipvs,
      routingMesh: o.routingMesh,
    });
    o.log?.info(
      `${net.created ? 'created' : 'reusing'} overlay ${net.name} (${net.subnet}) on ${engines.map((e) => e.name).join(', ')}; nodes in ${mode} mode`,
    );
    const rt: ClusterRuntime = {
      info: clusterInfoFrom(o.cluster, net.labels),
      network: net.name,
      local,
      engines: new Map(engines.map((e) => [e.name, e])),
    };
    // The registry is needed only once scenarios pull: fill it while the nodes join, after every
    // node container has started (starts are what the outer engine is busiest with).
    const startsDone = deferred();
    const booted = bootInner(rt, o, mode, startsDone.resolve);
    const [, report] = await Promise.all([
      Promise.race([startsDone.promise, booted]).then(() =>
        ensureRegistry(
          local,
          o.cluster,
          net.name,
          { registry: o.images.registry, workloads: { alpine: o.images.alpine, nginx: o.images.nginx } },
          o.log,
        ).then(() => o.log?.info(`registry ${rt.info.registry} holds the workload images`)),
      ),
      booted,
    ]);
    const cluster = Object.assign(new Cluster(rt, o, o.images), { report });
    report.elapsedMs = Date.now() - t0;
    report.nodesPerSecond = report.added / Math.max(0.001, report.elapsedMs / 1000);
    if (o.hollow > 0) {
      // After the real nodes: hollow workers need a formed swarm with its networks widened.
      const leader = await cluster.manager();
      report.hollow = await startHollow(rt, leader, o.hollow, {
        log: o.log,
        signal: o.signal,
        processes: o.hollowProcesses,
      });
      await countReady(leader, report);
    }
    report.totalMs = Date.now() - t0;
    return cluster;
  } catch (err) {
    if (o.rmOnFail || o.signal?.aborted) {
      if (o.rmOnFail && !existedBefore) {
        o.log?.warn(`up failed; removing what it made for cluster "${o.cluster}" (--rm-on-fail)`);
        await downCluster(local, o.cluster, { log: o.log }).catch((e: Error) =>
          o.log?.error(`teardown failed too: ${e.message}`),
        );
      } else if (o.rmOnFail) {
        o.log?.warn(`cluster "${o.cluster}" existed before this up; --rm-on-fail leaves it in place`);
      }
      if (o.signal?.aborted) {
        throw new SwarmbenchError(`up of cluster "${o.cluster}" interrupted`, ExitCode.interrupted, {
          fix: o.rmOnFail ? undefined : `\`swarmbench down --cluster ${o.cluster}\` removes what was made`,
        });
      }
    }
    throw err;
  }
}

/**
 * How node containers run here. The decisive question is whether a privileged container starts
 * at all (one container, about a second); the fuller probe of probe.ts (what `doctor` runs) is
 * the fallback when that question cannot be asked.
 */
async function nodeModeOf(local: Engine, o: CheckedUpOptions): Promise<NodeMode> {
  const quick = await startableMode(local, o.images.node, { 'swarmbench.role': 'probe' }).catch(() => undefined);
  if (quick) return quick;
  const probe = await detectNodeMode(local, o.images.node);
  if (probe.mode) return probe.mode;
  throw new InfrastructureError(
    `this host can start dind nodes neither privileged (${probe.privilegedError}) nor in capabilities mode (${probe.capabilitiesError})`,
    {
      fix: 'run `swarmbench doctor` for details',
    },
  );
}

/**
 * True when an earlier `up` was stopped before the inner swarm existed: every manager container
 * was never started, or runs and says its swarm is inactive. A manager that does not answer
 * within a minute counts as formed, so a busy manager of a real cluster is never mistaken for this.
 */
async function neverFormed(cluster: string, managers: NodeRecord[]): Promise<boolean> {
  for (const m of managers) {
    if (m.state === 'created') continue;
    if (!m.running) return false;
    // A manager started just before the interruption may still be booting: give its engine a minute.
    const engine = await waitForEngine(cluster, m.name, 60_000).catch(() => undefined);
    const state = engine ? await swarmState(engine).catch(() => undefined) : undefined;
    if (state?.localNodeState !== 'inactive') return false;
  }
  return true;
}

/**
 * Whether the routing mesh can work (IPVS in the kernel). An engine on this machine shares our
 * kernel, so a file check answers; a remote one is asked with a probe container. A probe that
 * fails counts as no (the mesh is off by default).
 */
async function ipvsOf(local: Engine, o: CheckedUpOptions, mode: NodeMode): Promise<boolean> {
  if (local.spec.url.startsWith('unix:')) return existsSync('/proc/net/ip_vs');
  try {
    return (await probeKernel(local, o.images.node, mode)).ipvs;
  } catch (err) {
    o.log?.debug(`IPVS probe failed (${err instanceof Error ? err.message : String(err)}); assuming no routing mesh`);
    return false;
  }
}

/** Whether the cluster was made with the routing mesh (label on its overlay; old clusters: no). */
async function routingMeshOf(rt: ClusterRuntime): Promise<boolean> {
  const net = (await listNetworks(rt.local, clusterFilter(rt.info.name, 'network')))[0];
  return net?.labels[ROUTING_MESH_LABEL] === 'true';
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function bootInner(
  rt: ClusterRuntime,
  o: CheckedUpOptions,
  mode: NodeMode,
  startsDone: () => void,
): Promise<UpReport> {
  const report: UpReport = {
    cluster: o.cluster,
    ready: 0,
    managers: 0,
    added: 0,
    elapsedMs: 0,
    nodesPerSecond: 0,
    totalMs: 0,
    failed: [],
    restarted: 0,
    notStarted: 0,
    minReady: o.minReady,
  };
  let records = await nodeRecords(rt);
  let managers = records.filter((r) => r.role === 'manager');
  const destroy = async (victims: NodeRecord[]) => {
    for (const r of victims) await destroyNode(rt.engines.get(r.host) ?? rt.local, o.cluster, r);
    records = records.filter((r) => !victims.includes(r));
  };
  if (managers.length > 0 && (await neverFormed(o.cluster, managers))) {
    o.log?.info(
      `cluster "${o.cluster}" has node containers but its inner swarm was never formed (an earlier up was stopped); replacing them`,
    );
    await destroy(records);
    managers = [];
  }
  let leader: Engine | undefined;
  if (managers.length > 0) {
    const stopped = managers.filter((m) => !m.running);
    if (stopped.length > 0) {
      throw new InfrastructureError(
        `cluster "${o.cluster}" has stopped managers (${stopped.map((s) => s.name).join(', ')})`,
        {
          fix: `start them again with \`docker start\`, or \`swarmbench down --cluster ${o.cluster}\``,
        },
      );
    }
    if (o.managers !== managers.length)
      o.log?.warn(`cluster "${o.cluster}" keeps its ${managers.length} managers (--managers applies to a new cluster)`);
    leader = await findLeader(
      o.cluster,
      managers.map((m) => m.name),
    );
    await finishFormation(leader, await routingMeshOf(rt), o.log);
    // Workers an interrupted `up` left unstarted or unjoined are not counted by the manager: replace them.
    const inSwarm = new Set((await listSwarmNodes(leader)).map((n) => n.hostname));
    const orphans = records.filter((r) => r.role === 'worker' && (!r.running || !inSwarm.has(r.name)));
    if (orphans.length > 0) {
      o.log?.info(`replacing ${orphans.length} nodes that an earlier up left unjoined`);
      await destroy(orphans);
    }
  } else if (records.length > 0) {
    throw new InfrastructureError(`cluster "${o.cluster}" has workers but no manager`, {
      fix: `\`swarmbench down --cluster ${o.cluster}\` and up again`,
    });
  }
  if (leader && records.length >= o.nodes) {
    if (records.length > o.nodes)
      report.note = `cluster "${o.cluster}" has ${records.length} nodes, more than ${o.nodes}; nothing changed (use \`swarmbench nodes remove\`)`;
    return countReady(leader, report);
  }
  if (o.hosts.length === 0) await warnBeyondCapacity(rt.local, o, mode, o.nodes);
  const progress = new BootProgress(o.nodes - records.length, o.log).start();
  // Managers failing to form a swarm stop the workers that are starting meanwhile.
  const formed = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, formed.signal]) : formed.signal;
  const input = bootInput(rt, { ...o, signal }, mode, o.images.node, progress);
  try {
    void progress.startsSettled.then(startsDone);
    if (leader) {
      const grown = await addWorkers(input, leader, nextIndex(records), o.nodes - records.length);
      report.added += grown.ready.length;
      report.failed.push(...grown.failed);
      report.notStarted = grown.notStarted;
      report.stoppedEarly = grown.stoppedEarly;
      return await countReady(leader, report);
    }
    const placements = Array.from({ length: o.managers }, (_, index) => ({
      index,
      role: 'manager' as const,
      host: rt.local.name,
    }));
    const started = deferred();
    const booting = bootstrapManagers(input, placements, {
      routingMesh: o.routingMesh,
      heartbeatSeconds: o.heartbeatSeconds,
      onStarted: started.resolve,
    }).then(
      (boot) => {
        progress.ready = progress.readyBase = boot.managers.length;
        return boot;
      },
      (err: unknown) => {
        formed.abort(err);
        throw err;
      },
    );
    const workers = o.nodes - o.managers;
    const growing =
      workers > 0
        ? addWorkers(
            input,
            booting.then((b) => b.leader),
            o.managers,
            workers,
            Promise.race([started.promise, booting]),
          )
        : Promise.resolve<GrowResult>({ ready: [], failed: [], notStarted: 0 });
    const [boot, grown] = await Promise.allSettled([booting, growing]);
    if (boot.status === 'rejected') throw boot.reason;
    if (grown.status === 'rejected') throw grown.reason;
    report.added += boot.value.managers.length + grown.value.ready.length;
    report.failed.push(...boot.value.failed, ...grown.value.failed);
    report.notStarted = grown.value.notStarted;
    report.stoppedEarly = grown.value.stoppedEarly;
    return await countReady(boot.value.leader, report);
  } finally {
    input.pace.stop();
    report.pace = input.pace.record();
    report.restarted = progress.restarted;
    progress.stop();
  }
}

/** Says so before starting more nodes than doctor's estimate for this host (one host only). */
async function warnBeyondCapacity(local: Engine, o: CheckedUpOptions, mode: NodeMode, nodes: number): Promise<void> {
  const image = await inspectImage(local, o.images.node).catch(() => undefined);
  if (!image) return;
  const estimate = readCapacity(capacityFile(), capacityKey((await hostFacts(local)).id, image.id, mode));
  const warning = capacityWarning(nodes, estimate, local.name);
  if (warning) o.log?.warn(warning);
  else if (!estimate && nodes >= 50)
    o.log?.info(`no capacity estimate for ${local.name} yet: \`swarmbench doctor\` measures one (about 30 s)`);
}

/**
 * Ready and manager counts as the inner swarm itself reports them. After an early stop the
 * manager may be too starved to answer: then the counts stay as the boot saw them, and say so.
 */
async function countReady(leader: Engine, report: UpReport): Promise<UpReport> {
  const listing = listSwarmNodes(leader);
  const nodes = report.stoppedEarly
    ? await Promise.race([
        listing,
        new Promise<undefined>((r) => void setTimeout(() => r(undefined), 30_000).unref()),
      ]).catch(() => undefined)
    : await listing;
  if (!nodes) {
    listing.catch(() => undefined);
    report.ready ||= report.added;
    report.note = `the manager did not list the nodes within 30 s after booting stopped; the Ready count is the boot's own (${report.ready})`;
    return report;
  }
  report.ready = nodes.filter((n) => n.state === 'ready').length;
  report.managers = nodes.filter((n) => n.role === 'manager').length;
  return report;
}
