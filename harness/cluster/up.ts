// `up`: outer swarm and hosts, the cluster overlay, the registry, the managers, then the
// workers, until every node is Ready. Re-running `up` with a larger N adds the missing nodes;
// with a smaller N it changes nothing. Interrupted (signal) or failed with rmOnFail, it tears
// down what it made; otherwise everything stays labelled for `down`.
import { InfrastructureError, SwarmbenchError, ExitCode } from '../errors.js';
import { connect, defaultEngineSpec } from '../docker/engine.js';
import { startableMode } from '../docker/containers.js';
import { detectNodeMode, probeKernel } from '../docker/probe.js';
import { bootstrapManagers } from './bootstrap.js';
import type { NodeFailure } from './boot.js';
import { downCluster } from './down.js';
import { Cluster } from './handle.js';
import { addWorkers } from './grow.js';
import { findLeader } from './manager.js';
import { ensureClusterNetwork } from './network.js';
import { checkUpOptions, type CheckedUpOptions, type UpOptions } from './options.js';
import { prepareOuterHosts } from './outer-hosts.js';
import { BootProgress } from './progress.js';
import { destroyNode } from './node-container.js';
import { ensureRegistry } from './registry.js';
import { clusterInfoFrom, nodeRecords, type ClusterRuntime } from './runtime.js';
import type { NodeMode } from './types.js';

export interface UpReport {
  cluster: string;
  /** Nodes Ready in the inner swarm when `up` returned (managers included). */
  ready: number;
  managers: number;
  /** Nodes this `up` added. */
  added: number;
  elapsedMs: number;
  nodesPerSecond: number;
  failed: NodeFailure[];
  /** Set when the cluster already had more nodes than asked: nothing was changed. */
  note?: string;
}

export interface StartedCluster extends Cluster {
  readonly report: UpReport;
}

export async function up(opts: UpOptions): Promise<StartedCluster> {
  const o = checkUpOptions(opts);
  const t0 = Date.now();
  const local = connect(o.local ?? defaultEngineSpec());
  try {
    const engines = await prepareOuterHosts(local, o.hosts, { advertiseAddr: o.advertiseAddr, images: [o.images.node], log: o.log });
    const existingNet = (await local.api.listNetworks({ filters: { label: [`swarmbench.cluster=${o.cluster}`, 'swarmbench.role=network'] } }))[0];
    const mode = (existingNet?.Labels?.['swarmbench.node-mode'] as NodeMode | undefined) ?? o.nodeMode ?? (await nodeModeOf(local, o));
    const ipvs = existingNet ? existingNet.Labels?.['swarmbench.ipvs'] === 'true' : await ipvsOf(local, o, mode);
    const net = await ensureClusterNetwork(engines, o.cluster, { subnet: o.subnet, nodeMode: mode, ipvs });
    const rt: ClusterRuntime = {
      info: clusterInfoFrom(o.cluster, net.labels),
      network: net.name,
      local,
      engines: new Map(engines.map((e) => [e.name, e])),
    };
    await ensureRegistry(local, o.cluster, net.name, { registry: o.images.registry, workloads: { alpine: o.images.alpine, nginx: o.images.nginx } }, o.log);
    const report = await bootInner(rt, o, mode);
    report.elapsedMs = Date.now() - t0;
    report.nodesPerSecond = report.added / Math.max(0.001, report.elapsedMs / 1000);
    return Object.assign(new Cluster(rt, o, o.images), { report });
  } catch (err) {
    if (o.rmOnFail || o.signal?.aborted) {
      if (o.rmOnFail) {
        o.log?.warn(`up failed; removing what it made for cluster "${o.cluster}" (--rm-on-fail)`);
        await downCluster(local, o.cluster, { log: o.log }).catch((e: Error) => o.log?.error(`teardown failed too: ${e.message}`));
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

async function nodeModeOf(local: ReturnType<typeof connect>, o: CheckedUpOptions): Promise<NodeMode> {
  const probe = await detectNodeMode(local, o.images.node);
  if (probe.mode) return probe.mode;
  // The probe found neither; ask the plainer question of whether a privileged node starts at all.
  const mode = await startableMode(local, o.images.node, { 'swarmbench.role': 'probe' }).catch(() => undefined);
  if (mode) {
    o.log?.debug(`node mode probe gave no answer (${probe.capabilitiesError}); ${mode} mode starts`);
    return mode;
  }
  throw new InfrastructureError(`this host can start dind nodes neither privileged (${probe.privilegedError}) nor in capabilities mode (${probe.capabilitiesError})`, {
    fix: 'run `swarmbench doctor` for details',
  });
}

/** Whether the routing mesh can work; a probe that fails counts as no (the mesh is off by default). */
async function ipvsOf(local: ReturnType<typeof connect>, o: CheckedUpOptions, mode: NodeMode): Promise<boolean> {
  try {
    return (await probeKernel(local, o.images.node, mode)).ipvs;
  } catch (err) {
    o.log?.debug(`IPVS probe failed (${err instanceof Error ? err.message : String(err)}); assuming no routing mesh`);
    return false;
  }
}

async function bootInner(rt: ClusterRuntime, o: CheckedUpOptions, mode: NodeMode): Promise<UpReport> {
  const report: UpReport = { cluster: o.cluster, ready: 0, managers: 0, added: 0, elapsedMs: 0, nodesPerSecond: 0, failed: [] };
  let records = await nodeRecords(rt);
  const managers = records.filter((r) => r.role === 'manager');
  const stale = records.filter((r) => !r.running);
  if (stale.length > 0) {
    throw new InfrastructureError(`cluster "${o.cluster}" has stopped node containers (${stale.map((s) => s.name).join(', ')})`, {
      fix: `\`swarmbench down --cluster ${o.cluster}\`, or start them again with \`docker start\``,
    });
  }
  if (records.length >= o.nodes) {
    report.ready = records.length;
    report.managers = managers.length;
    if (records.length > o.nodes) report.note = `cluster "${o.cluster}" has ${records.length} nodes, more than ${o.nodes}; nothing changed (use \`swarmbench nodes remove\`)`;
    return report;
  }
  const progress = new BootProgress(o.nodes - records.length, o.log).start();
  const input = { rt, settings: o, mode, image: o.images.node, progress };
  try {
    let leader;
    if (managers.length === 0) {
      if (records.length > 0) throw new InfrastructureError(`cluster "${o.cluster}" has workers but no manager`, { fix: `\`swarmbench down --cluster ${o.cluster}\` and up again` });
      const placements = Array.from({ length: o.managers }, (_, index) => ({ index, role: 'manager' as const, host: rt.local.name }));
      const boot = await bootstrapManagers(input, placements, { routingMesh: o.routingMesh, heartbeatSeconds: o.heartbeatSeconds });
      leader = boot.leader;
      report.failed.push(...boot.failed);
      report.added += boot.managers.length;
      progress.ready = progress.readyBase = boot.managers.length;
      records = await nodeRecords(rt);
    } else {
      if (o.managers !== managers.length) o.log?.warn(`cluster "${o.cluster}" keeps its ${managers.length} managers (--managers applies to a new cluster)`);
      leader = await findLeader(o.cluster, managers.map((m) => m.name));
    }
    // Nodes left unjoined by an interrupted `up` are not counted by the manager: replace them.
    const inSwarm = new Set((await leader.api.listNodes() as { Description?: { Hostname?: string } }[]).map((n) => n.Description?.Hostname));
    const orphans = records.filter((r) => r.role === 'worker' && !inSwarm.has(r.name));
    if (orphans.length > 0) {
      o.log?.info(`replacing ${orphans.length} nodes that an earlier up left unjoined`);
      for (const r of orphans) await destroyNode(rt.engines.get(r.host) ?? rt.local, o.cluster, r);
      records = records.filter((r) => !orphans.includes(r));
    }
    const missing = o.nodes - records.length - report.failed.length;
    if (missing > 0) {
      const grown = await addWorkers(input, leader, records, missing);
      report.added += grown.ready.length;
      report.failed.push(...grown.failed);
    }
    const nodes = await leader.api.listNodes() as { Status: { State: string }; Spec: { Role: string } }[];
    report.ready = nodes.filter((n) => n.Status.State === 'ready').length;
    report.managers = nodes.filter((n) => n.Spec.Role === 'manager').length;
    return report;
  } finally {
    progress.stop();
  }
}
