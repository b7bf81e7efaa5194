// The hollow-worker bench's managers: standalone swarm managers (bench/support/swarm-manager.ts),
// the first one initialising the swarm (ingress widened to a /16), the others joining it as
// managers, plus what the bench reads from them: each manager dockerd's CPU and memory, and
// hollow node counts by status.
import {
  docker,
  removeCluster,
  startSwarmManagers,
  widenIngress,
  type DialMode,
  type ManagerNode,
} from '../support/swarm-manager.js';

export type { DialMode };

export interface DockerdUsage {
  container: string;
  rssMiB: number;
  /** CPU seconds the dockerd used since it started. */
  cpuSeconds: number;
}

export interface BenchManagers {
  /** The first manager: it initialised the swarm; commands go to it. */
  first: ManagerNode;
  /** host:port of every manager's swarm port, as hollow workers dial them. */
  addresses: string[];
  workerToken(): Promise<string>;
  /** Every manager's dockerd; their sum is "the managers'" CPU and memory. */
  usage(): Promise<DockerdUsage[]>;
  /** Node counts by status, hollow nodes only (as the first manager lists them). */
  hollowStatus(prefix: string): Promise<Record<string, number>>;
  remove(): Promise<void>;
}

/** A dockerd's resident memory and CPU seconds so far, from /proc inside its node. */
async function dockerdUsage(node: ManagerNode): Promise<DockerdUsage> {
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
  return {
    container: node.container,
    rssMiB: Math.round(Number(rss.replace(/\D/g, '')) / 1024),
    cpuSeconds: ticks / 100,
  };
}

export async function startBenchManagers(
  cluster: string,
  count = 1,
  dial: DialMode = 'direct',
): Promise<BenchManagers> {
  const remove = () => removeCluster(cluster);
  try {
    const nodes = await startSwarmManagers(cluster, count, dial);
    const first = nodes[0]!;
    await widenIngress(first);
    return {
      first,
      addresses: nodes.map((n) => n.address),
      workerToken: () => first.exec('swarm', 'join-token', 'worker', '-q'),
      usage: () => Promise.all(nodes.map(dockerdUsage)),
      async hollowStatus(prefix) {
        const out = await first.exec('node', 'ls', '--format', '{{.Hostname}} {{.Status}}');
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
