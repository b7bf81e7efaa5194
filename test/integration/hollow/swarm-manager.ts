// A real swarm manager for hollow-worker tests: one swarmbench/node container (capabilities
// mode, see HOST-NOTES) with `docker swarm init`, its port 2377 published on loopback only.
// Everything carries the label swarmbench.cluster=t-hw-<id> and is removed by that label.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { retryUntil } from '../../../harness/util/retry.js';

const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

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
  address = '';

  constructor(
    readonly cluster: string,
    readonly container: string,
  ) {}

  /** `docker ...` inside the manager. */
  exec(...args: string[]): Promise<string> {
    return docker('exec', this.container, 'docker', ...args);
  }

  workerToken(): Promise<string> {
    return this.exec('swarm', 'join-token', 'worker', '-q');
  }

  async nodes(): Promise<NodeRow[]> {
    const out = await this.exec('node', 'ls', '--format', '{{.ID}}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}');
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
      'service', 'ps', service, '--no-trunc',
      '--format', '{{.ID}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}',
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

async function runNode(cluster: string, container: string): Promise<TestManager> {
  const m = new TestManager(cluster, container);
  const label = `swarmbench.cluster=${cluster}`;
  await docker('volume', 'create', '--label', label, container);
  await docker(
    'run', '-d', '--name', container, '--hostname', container, '--label', label,
    '--label', 'swarmbench.role=manager',
    '--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE',
    '--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined',
    '--security-opt', 'systempaths=unconfined', '--device-cgroup-rule', 'a *:* rwm',
    '--tmpfs', '/run', '-v', `${container}:/var/lib/docker`,
    '-p', '127.0.0.1::2377', 'swarmbench/node:latest',
  );
  await retryUntil(
    () => m.exec('info', '--format', '{{.ServerVersion}}').then(() => true, () => false),
    (ok) => ok,
    { timeoutMs: 60_000, onTimeout: () => new Error(`engine in ${container} not answering after 60 s`) },
  );
  m.address = (await docker('port', container, '2377')).split('\n')[0]!;
  return m;
}

/** `count` managers of one swarm (the first one inits, the others join it over the bridge network). */
export async function startManagers(count: number): Promise<TestManager[]> {
  const cluster = `t-hw-${randomBytes(3).toString('hex')}`;
  const first = await runNode(cluster, `${cluster}-mgr`);
  await first.exec('swarm', 'init');
  const managers = [first];
  if (count > 1) {
    const token = await first.exec('swarm', 'join-token', 'manager', '-q');
    const ip = await docker('inspect', '-f', '{{.NetworkSettings.IPAddress}}', first.container);
    for (let i = 1; i < count; i++) {
      const m = await runNode(cluster, `${cluster}-mgr${i}`);
      await m.exec('swarm', 'join', '--token', token, `${ip}:2377`);
      managers.push(m);
    }
  }
  return managers;
}

export async function startManager(): Promise<TestManager> {
  return (await startManagers(1))[0]!;
}

/** Removes every container and volume of the test cluster (by label), whatever state they are in. */
export async function removeCluster(cluster: string): Promise<void> {
  const filter = `label=swarmbench.cluster=${cluster}`;
  const ids = (await docker('ps', '-aq', '--filter', filter)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', '-v', ...ids);
  const vols = (await docker('volume', 'ls', '-q', '--filter', filter)).split('\n').filter(Boolean);
  if (vols.length) await docker('volume', 'rm', '-f', ...vols);
}

/** Polls until predicate holds; the message says how far it got. */
export function waitFor<T>(what: string, fn: () => Promise<T>, predicate: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  return retryUntil(fn, predicate, {
    timeoutMs,
    intervalMs: 1000,
    onTimeout: (last, ms) => new Error(`${what}: not after ${ms} ms (last: ${JSON.stringify(last)?.slice(0, 400)})`),
  });
}
