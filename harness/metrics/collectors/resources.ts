// CPU and memory of every node container, and totals per outer host. On the machine the harness
// runs on, the cgroup accounting files are read directly (no engine call, microseconds each);
// node containers on other hosts get one-shot stats calls, a few at a time, less often.
import pLimit from 'p-limit';
import type { NodeInfo } from '../../cluster/types.js';
import type { Engine } from '../../docker/engine.js';
import {
  CgroupFiles,
  findCgroup,
  findEngineCgroup,
  oneShotStats,
  type CgroupPaths,
  type ResourceSample,
} from '../../docker/stats.js';
import type { Logger } from '../../util/log.js';
import { Measurement } from '../measurements.js';
import { CpuRate } from '../rate.js';
import type { Collector, Emit } from './types.js';

export interface ResourceCollectorOptions {
  nodes: () => Promise<NodeInfo[]>;
  engines: () => Engine[];
  emit: Emit;
  log: Logger;
  /** How often the node list is refreshed (listing nodes costs the manager calls; see refresh()). */
  nodesEveryMs?: number;
  /** How often remote node containers are sampled (each sample is one engine call per node). */
  remoteEveryMs?: number;
  remoteConcurrency?: number;
  /** Where cgroup files are looked for (tests point it elsewhere to force engine stats). */
  cgroupRoot?: string;
}

interface Target {
  node: NodeInfo;
  cgroup?: CgroupFiles;
  /** Cgroup lookups that failed; retried now and then (a container may be starting). */
  misses: number;
}

export class ResourceCollector implements Collector {
  readonly name = 'resources';
  private targets: Target[] = [];
  private readonly byId = new Map<string, Target>();
  private readonly cpu = new CpuRate();
  private readonly limit: ReturnType<typeof pLimit>;
  private lastNodesAt = Number.NEGATIVE_INFINITY;
  private lastRemoteAt = Number.NEGATIVE_INFINITY;
  private engineCgroup: CgroupFiles | undefined | null = null;
  private readonly callCount: Record<string, number> = { stats: 0, cgroup_reads: 0 };
  private busy = false;

  constructor(private readonly opts: ResourceCollectorOptions) {
    this.limit = pLimit(opts.remoteConcurrency ?? 8);
  }

  calls(): Record<string, number> {
    return { ...this.callCount };
  }

  /** Re-reads the node list at the next tick (a step may have added or removed nodes). */
  refresh(): void {
    this.lastNodesAt = Number.NEGATIVE_INFINITY;
  }

  /** Closes the cgroup files kept open. */
  close(): void {
    for (const t of this.targets) t.cgroup?.close();
    if (this.engineCgroup) this.engineCgroup.close();
  }

  async tick(nowMs: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (nowMs - this.lastNodesAt >= (this.opts.nodesEveryMs ?? 30_000)) await this.refreshNodes(nowMs);
      const remoteDue = nowMs - this.lastRemoteAt >= (this.opts.remoteEveryMs ?? 5000);
      if (remoteDue) this.lastRemoteAt = nowMs;
      const engines = new Map(this.opts.engines().map((e) => [e.name, e]));
      const samples = await Promise.all(this.targets.map((t) => this.sample(t, engines, remoteDue)));
      const hosts = new Map<string, { cpu: number; mem: number; nodes: number }>();
      for (let i = 0; i < this.targets.length; i++) {
        const s = samples[i];
        const { node } = this.targets[i]!;
        if (!s) continue;
        const pct = this.cpu.observe(node.containerId, s.cpuNs, s.atMs);
        if (pct === undefined) continue;
        this.opts.emit({
          measurement: Measurement.nodeResources,
          tags: { node: node.name, role: node.role, host: node.host },
          fields: { cpu_percent: pct, mem_bytes: s.memBytes },
          intFields: ['mem_bytes'],
          timeMs: nowMs,
        });
        const h = hosts.get(node.host) ?? { cpu: 0, mem: 0, nodes: 0 };
        h.cpu += pct;
        h.mem += s.memBytes;
        h.nodes++;
        hosts.set(node.host, h);
      }
      await this.emitHosts(hosts, nowMs);
    } catch (err) {
      this.opts.log.debug(`metrics: resource sample failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  private async emitHosts(
    hosts: Map<string, { cpu: number; mem: number; nodes: number }>,
    nowMs: number,
  ): Promise<void> {
    // Everything the local engine runs, the nodes' own task containers included (with cgroup v1
    // and the host cgroup namespace, inner containers sit beside the node, not inside it).
    if (this.engineCgroup === null) {
      const paths: CgroupPaths | undefined = await findEngineCgroup(this.opts.cgroupRoot);
      this.engineCgroup = paths ? new CgroupFiles(paths) : undefined;
    }
    let engine: { cpu?: number; mem?: number } = {};
    if (this.engineCgroup) {
      // Stamped with when it was read, not when the tick began: a tick that first re-listed the
      // nodes (seconds with thousands of hollow workers) would otherwise divide seconds of CPU by
      // the one-second tick and report 500 % on two cores.
      const s = this.engineCgroup.read(Date.now());
      if (s) engine = { cpu: this.cpu.observe('<engine>', s.cpuNs, s.atMs), mem: s.memBytes };
    }
    const local = this.opts.engines().find((e) => e.spec.url.startsWith('unix:'))?.name;
    for (const [host, h] of hosts) {
      const fields: Record<string, number> = { cpu_percent: h.cpu, mem_bytes: h.mem, nodes: h.nodes };
      if (host === local && engine.cpu !== undefined) fields.engine_cpu_percent = engine.cpu;
      if (host === local && engine.mem !== undefined) fields.engine_mem_bytes = engine.mem;
      this.opts.emit({
        measurement: Measurement.hostResources,
        tags: { host },
        fields,
        intFields: ['mem_bytes', 'nodes', 'engine_mem_bytes'],
        timeMs: nowMs,
      });
    }
  }

  private async refreshNodes(nowMs: number): Promise<void> {
    this.lastNodesAt = nowMs;
    const nodes = (await this.opts.nodes()).filter((n) => !n.hollow && n.containerId);
    const next: Target[] = [];
    for (const node of nodes) next.push(this.byId.get(node.containerId) ?? { node, misses: 0 });
    const keep = new Set(next.map((t) => t.node.containerId));
    for (const [id, t] of this.byId) if (!keep.has(id)) t.cgroup?.close();
    this.byId.clear();
    for (const t of next) this.byId.set(t.node.containerId, t);
    this.targets = next;
  }

  private async sample(
    t: Target,
    engines: Map<string, Engine>,
    remoteDue: boolean,
  ): Promise<ResourceSample | undefined> {
    const engine = engines.get(t.node.host);
    // Any engine whose containers have their cgroup on this machine is read from files, whatever
    // its URL says (tcp://127.0.0.1 is local too); a lookup that failed is retried now and then.
    if (!t.cgroup && (t.misses < 3 || t.misses % 30 === 0)) {
      const paths = await findCgroup(t.node.containerId, this.opts.cgroupRoot);
      if (paths) t.cgroup = new CgroupFiles(paths);
      else t.misses++;
    }
    if (t.cgroup) {
      this.callCount.cgroup_reads!++;
      const s = t.cgroup.read(Date.now()); // the real read time, as for the engine above
      if (!s) t.cgroup = undefined; // container gone or restarted under a new path
      return s;
    }
    if (!engine || !remoteDue) return undefined;
    return this.limit(async () => {
      this.callCount.stats!++;
      try {
        return await oneShotStats(engine, t.node.containerId);
      } catch {
        return undefined;
      }
    });
  }
}
