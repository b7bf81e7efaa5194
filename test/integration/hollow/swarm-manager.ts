// A real swarm manager for hollow-worker tests: standalone manager containers
// (bench/support/swarm-manager.ts) with `docker swarm init`, dialled at their bridge address.
// Everything carries the label swarmbench.cluster=t-hw-<id> and is removed by that label.
import { randomBytes } from 'node:crypto';
import { retryUntil } from '../../../harness/util/retry.js';
import { docker, removeCluster, startSwarmManagers, type ManagerNode } from '../../../bench/support/swarm-manager.js';

export { docker, removeCluster };

export interface NodeRow {
  id: string;
  hostname: string;
  status: string;
  availability: string;
  manager: boolean;
}

export interface TaskRow {
  id: string;
  node: string;
  desired: string;
  current: string;
  error: string;
}

export class TestManager {
  constructor(private readonly node: ManagerNode) {}

  get cluster(): string {
    return this.node.cluster;
  }

  get container(): string {
    return this.node.container;
  }

  /** host:port of its swarm port, as hollow workers on this host dial it. */
  get address(): string {
    return this.node.address;
  }

  /** `docker ...` inside the manager. */
  exec(...args: string[]): Promise<string> {
    return this.node.exec(...args);
  }

  workerToken(): Promise<string> {
    return this.exec('swarm', 'join-token', 'worker', '-q');
  }

  async nodes(): Promise<NodeRow[]> {
    const out = await this.exec(
      'node',
      'ls',
      '--format',
      '{{.ID}}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}',
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id = '', hostname = '', status = '', availability = '', manager = ''] = line.split('\t');
        return { id, hostname, status, availability, manager: manager !== '' };
      });
  }

  async tasks(service: string): Promise<TaskRow[]> {
    const out = await this.exec(
      'service',
      'ps',
      service,
      '--no-trunc',
      '--format',
      '{{.ID}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}',
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [id = '', node = '', desired = '', current = '', error = ''] = line.split('\t');
        return { id, node, desired, current: current.split(' ')[0] ?? '', error };
      });
  }

  async inspectNode(id: string): Promise<unknown> {
    return (JSON.parse(await this.exec('node', 'inspect', id)) as unknown[])[0];
  }
}

/** `count` managers of one swarm (the first one inits, the others join it over the bridge network). */
export async function startManagers(count: number): Promise<TestManager[]> {
  const cluster = `t-hw-${randomBytes(3).toString('hex')}`;
  return (await startSwarmManagers(cluster, count)).map((n) => new TestManager(n));
}

export async function startManager(): Promise<TestManager> {
  return (await startManagers(1))[0]!;
}

/** Polls until predicate holds; the message says how far it got. */
export function waitFor<T>(
  what: string,
  fn: () => Promise<T>,
  predicate: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  return retryUntil(fn, predicate, {
    timeoutMs,
    intervalMs: 1000,
    onTimeout: (last, ms) => new Error(`${what}: not after ${ms} ms (last: ${JSON.stringify(last)?.slice(0, 400)})`),
  });
}
