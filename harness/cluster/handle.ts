// The ClusterHandle scenario and metrics code use: a cluster recovered from labels, its
// leading manager (re-found when leadership moves), its nodes, growth, shrinking and chaos.
import { InfrastructureError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { answers } from '../docker/host-info.js';
import { listSwarmNodes } from '../docker/swarm-read.js';
import type { BootSettings, ImageRefs } from './options.js';
import { DEFAULT_BOOT, DEFAULT_IMAGES } from './options.js';
import { applyChaos, ChaosUndo } from './chaos.js';
import { bootInput } from './boot.js';
import { addWorkers, nextIndex, type GrowResult } from './grow.js';
import { findLeader } from './manager.js';
import { HOLLOW_HOST, hollowChaos, hollowStateDir } from './hollow.js';
import type { FleetStats } from '../hollow/fleet.js';
import { hollowStats } from '../hollow/lifecycle.js';
import { BootProgress } from './progress.js';
import { innerImageRef } from './registry.js';
import { removeWorkers, type RemoveOptions } from './remove.js';
import { nodeRecords, type ClusterRuntime, type NodeRecord } from './runtime.js';
import type { ChaosAction, ChaosOptions, ClusterHandle, ClusterInfo, NodeInfo } from './types.js';

export class Cluster implements ClusterHandle, AsyncDisposable {
  private leader?: Engine;
  private readonly undo = new ChaosUndo();

  constructor(
    readonly runtime: ClusterRuntime,
    private readonly settings: BootSettings = DEFAULT_BOOT,
    private readonly images: ImageRefs = DEFAULT_IMAGES,
  ) {}

  get info(): ClusterInfo {
    return this.runtime.info;
  }

  async manager(): Promise<Engine> {
    if (this.leader) {
      if (await answers(this.leader)) return this.leader;
    }
    const managers = (await nodeRecords(this.runtime))
      .filter((r) => r.role === 'manager' && r.running)
      .map((r) => r.name);
    this.leader = await findLeader(this.info.name, managers);
    return this.leader;
  }

  outerEngines(): Engine[] {
    return [...this.runtime.engines.values()];
  }

  /** Node containers, with their inner node ID and address once the manager lists them. */
  async nodes(): Promise<NodeRecord[]> {
    const records = await nodeRecords(this.runtime);
    const swarmNodes = await this.manager().then(listSwarmNodes, () => []);
    for (const r of records) {
      const entry =
        swarmNodes.find((n) => n.hostname === r.name && n.state === 'ready') ??
        swarmNodes.find((n) => n.hostname === r.name);
      if (entry) {
        r.nodeId = entry.id;
        r.address = entry.addr;
      }
    }
    // Hollow workers have no container: they are known only to the manager (and their processes).
    for (const n of swarmNodes.filter((n) => n.hollow)) {
      records.push({
        name: n.hostname,
        role: 'worker',
        host: HOLLOW_HOST,
        containerId: '',
        nodeId: n.id,
        address: n.addr,
        hollow: true,
        index: -1,
        running: n.state === 'ready',
        state: n.state,
      });
    }
    return records;
  }

  /** Adds workers; returns those that became Ready (failures are logged by name). */
  async addNodes(count: number): Promise<NodeInfo[]> {
    return (await this.grow(count)).ready;
  }

  async grow(count: number, progress = new BootProgress(count, this.settings.log)): Promise<GrowResult> {
    const leader = await this.manager();
    const input = bootInput(this.runtime, this.settings, this.info.nodeMode, this.images.node, progress);
    progress.start();
    try {
      const result = await addWorkers(input, leader, nextIndex(await nodeRecords(this.runtime)), count);
      if (count > 0 && result.ready.length === 0) {
        throw new InfrastructureError(`none of ${count} new nodes became Ready in cluster "${this.info.name}"`, {
          fix: 'see the node messages above; the host may be out of CPU or memory (`swarmbench status`)',
        });
      }
      return result;
    } finally {
      input.pace.stop();
      progress.stop();
    }
  }

  async removeNodes(count: number, opts: Omit<RemoveOptions, 'log'> = {}): Promise<NodeInfo[]> {
    const leader = await this.manager();
    return removeWorkers(this.runtime, leader, await nodeRecords(this.runtime), count, {
      ...opts,
      log: this.settings.log,
    });
  }

  async chaos(action: ChaosAction, nodes: NodeInfo[], opts?: ChaosOptions): Promise<void> {
    if (nodes.some((n) => n.role === 'manager' && n.name === this.leaderName)) this.leader = undefined;
    const hollow = nodes.filter((n) => n.hollow).map((n) => n.name);
    if (hollow.length > 0) await this.hollowChaos(action, hollow, opts);
    await applyChaos(
      this.runtime,
      this.undo,
      action,
      nodes.filter((n) => !n.hollow),
      opts,
    );
  }

  /**
   * Hollow workers have no container: kill ends their connections for good; pause and disconnect
   * stop their heartbeats (the manager marks them Down) until resumed; restart is a pause and resume.
   */
  private async hollowChaos(action: ChaosAction, hostnames: string[], opts?: ChaosOptions): Promise<void> {
    const cluster = this.info.name;
    const log = this.settings.log;
    if (action === 'kill') {
      await hollowChaos(cluster, 'kill', { hostnames }, log);
      return;
    }
    await hollowChaos(cluster, 'pause', { hostnames }, log);
    const resume = async () => void (await hollowChaos(cluster, 'resume', { hostnames }, log));
    if (action === 'restart') await resume();
    else if (opts?.durationMs !== undefined) this.undo.schedule(opts.durationMs, resume);
  }

  imageRef(logical: 'alpine' | 'nginx'): string {
    return innerImageRef(this.info.name, logical);
  }

  hollowStats(): Promise<FleetStats[] | undefined> {
    return hollowStats(hollowStateDir(this.info.name));
  }

  private get leaderName(): string | undefined {
    return this.leader?.name;
  }

  /** Restores nodes paused or disconnected with a duration; tears nothing down. */
  async close(): Promise<void> {
    await this.undo.flush();
    this.leader = undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
