// The managers' own view, every 5 s: each real manager's engine serves Prometheus metrics
// (swarmkit's raft, store and dispatcher histograms, node and task counts) on the node's own
// loopback only (cluster/node-container.ts), so one exec inside each manager node reads them with
// the sizes of its raft WAL and snapshot files. The points stay raw and cumulative
// (manager-scrape.ts); the plug-in's fold and charts make figures of them.
import { execOnNode, realManagers, type RealNode } from '../../cluster/real-nodes.js';
import type { ClusterHandle } from '../../cluster/types.js';
import { MANAGER_METRICS_PORT } from '../../cluster/node-container.js';
import type { Logger } from '../../util/log.js';
import { managerPoint, RAFT_MARKER } from '../manager-scrape.js';
import type { Collector, Emit } from './types.js';

export const MANAGER_SAMPLE_MS = 5000;
const RAFT_DIR = '/var/lib/docker/swarm/raft';

/** One exec: the metrics, the marker, then "size path" of each WAL and snapshot file. */
export const SCRAPE_SCRIPT = [
  `curl -s --max-time 3 http://127.0.0.1:${MANAGER_METRICS_PORT}/metrics`,
  `echo '${RAFT_MARKER}'`,
  `for f in ${RAFT_DIR}/wal-v3-encrypted/* ${RAFT_DIR}/snap-v3-encrypted/*; do [ -f "$f" ] && stat -c '%s %n' "$f"; done`,
  'true',
].join('; ');

export class ManagerCollector implements Collector {
  readonly name = 'manager';
  private managers: RealNode[] | undefined;
  private lastMs = 0;
  private execs = 0;
  private warned = new Set<string>();

  constructor(private readonly o: { cluster: ClusterHandle; emit: Emit; log: Logger }) {}

  async tick(nowMs: number): Promise<void> {
    if (nowMs - this.lastMs < MANAGER_SAMPLE_MS) return;
    this.lastMs = nowMs;
    await this.scrape(nowMs);
  }

  async final(nowMs: number): Promise<void> {
    await this.scrape(nowMs);
  }

  /** A step may have promoted or added managers. */
  refresh(): void {
    this.managers = undefined;
  }

  calls(): Record<string, number> {
    return { 'exec manager scrape': this.execs };
  }

  private async scrape(nowMs: number): Promise<void> {
    try {
      this.managers ??= await realManagers(this.o.cluster);
    } catch (err) {
      this.warnOnce('list', `manager metrics: the managers could not be listed: ${(err as Error).message}`);
      return;
    }
    await Promise.all(
      this.managers.map(async (m) => {
        this.execs++;
        const r = await execOnNode(m, ['sh', '-c', SCRAPE_SCRIPT], 10_000);
        const point = r.exitCode === 0 ? managerPoint(r.output, m.node.name, nowMs) : undefined;
        if (point) this.o.emit(point);
        else
          this.warnOnce(
            m.node.name,
            `manager metrics: nothing read from ${m.node.name} (${r.exitCode === 0 ? 'no metrics in its answer: was the node started before --metrics-addr? `swarmbench down` and `up` again' : r.output.trim().split('\n')[0]}); its later failures are not logged`,
          );
      }),
    );
  }

  private warnOnce(key: string, msg: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.o.log.warn(msg);
  }
}
