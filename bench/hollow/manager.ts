// The hollow-worker bench's manager: a standalone swarm manager (bench/support/swarm-manager.ts)
// with its ingress widened to a /16, plus what the bench reads from it: the manager dockerd's
// CPU and memory, and hollow node counts by status.
import {
  docker,
  removeCluster,
  startManagerNode,
  widenIngress,
  type DialMode,
  type ManagerNode,
} from '../support/swarm-manager.js';

export type { DialMode };

export interface BenchManager extends ManagerNode {
  workerToken(): Promise<string>;
  /** The manager's dockerd: resident memory and CPU seconds used so far (from /proc inside the node). */
  usage(): Promise<{ rssMiB: number; cpuSeconds: number }>;
  /** Node counts by status, hollow nodes only. */
  hollowStatus(prefix: string): Promise<Record<string, number>>;
  remove(): Promise<void>;
}

export async function startBenchManager(cluster: string, dial: DialMode = 'direct'): Promise<BenchManager> {
  const remove = () => removeCluster(cluster);
  try {
    const node = await startManagerNode(cluster, `${cluster}-mgr`, dial);
    await node.exec('swarm', 'init');
    await widenIngress(node);
    return {
      ...node,
      workerToken: () => node.exec('swarm', 'join-token', 'worker', '-q'),
      async usage() {
        const out = await docker(
          'exec',
          node.container,
          'sh',
          '-c',
          'p=$(pidof dockerd); cat /proc/$p/stat; grep VmRSS /proc/$p/status',
        );
        const [stat = '', rss = ''] = out.split('\n');
        // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100/s).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        return { rssMiB: Math.round(Number(rss.replace(/\D/g, '')) / 1024), cpuSeconds: ticks / 100 };
      },
      async hollowStatus(prefix) {
        const out = await node.exec('node', 'ls', '--format', '{{.Hostname}} {{.Status}}');
        const counts: Record<string, number> = {};
        for (const line of out.split('\n')) {
          const [host, status] = line.split(' ');
          if (host?.startsWith(prefix) && status) counts[status] = (counts[status] ?? 0) + 1;
        }
        return counts;
      },
      remove,
    };
  } catch (err) {
    await remove();
    throw err;
  }
}
