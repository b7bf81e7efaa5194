// A real swarm manager for the hollow-worker bench, driven with the docker CLI: one
// swarmbench/node container in capabilities mode (HOST-NOTES), the inner ingress re-created as
// a /16 (the default /24 runs out near 250 nodes). Labelled swarmbench.cluster=<name>; remove()
// deletes the container and its volume.
// Hollow workers dial its swarm port either directly at its bridge address (`direct`, the
// default) or through a port published on loopback (`published`): Docker's userland proxy
// behind a published port died at about 3,300 concurrent connections on this host, so the
// published way is kept only to measure that side by side.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { retryUntil } from '../../harness/util/retry.js';

const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout.trim();
}

export interface BenchManager {
  container: string;
  address: string;
  exec(...args: string[]): Promise<string>;
  workerToken(): Promise<string>;
  /** The manager's dockerd: resident memory and CPU seconds used so far (from /proc inside the node). */
  usage(): Promise<{ rssMiB: number; cpuSeconds: number }>;
  /** Node counts by status, hollow nodes only. */
  hollowStatus(prefix: string): Promise<Record<string, number>>;
  remove(): Promise<void>;
}

export type DialMode = 'direct' | 'published';

export async function startBenchManager(cluster: string, dial: DialMode = 'direct'): Promise<BenchManager> {
  const container = `${cluster}-mgr`;
  const label = `swarmbench.cluster=${cluster}`;
  const exec = (...args: string[]) => docker('exec', container, 'docker', ...args);
  const remove = async () => {
    await docker('rm', '-f', '-v', container).catch(() => '');
    await docker('volume', 'rm', '-f', container).catch(() => '');
  };
  await docker('volume', 'create', '--label', label, container);
  await docker(
    'run', '-d', '--name', container, '--hostname', container, '--label', label, '--label', 'swarmbench.role=manager',
    '--cap-add', 'ALL', '--cap-drop', 'SYS_RESOURCE',
    '--security-opt', 'seccomp=unconfined', '--security-opt', 'apparmor=unconfined',
    '--security-opt', 'systempaths=unconfined', '--device-cgroup-rule', 'a *:* rwm',
    '--tmpfs', '/run', '-v', `${container}:/var/lib/docker`, ...(dial === 'published' ? ['-p', '127.0.0.1::2377'] : []), 'swarmbench/node:latest',
  );
  try {
    await retryUntil(
      () => exec('info', '--format', '{{.ServerVersion}}').then(() => true, () => false),
      (ok) => ok,
      { timeoutMs: 60_000, onTimeout: () => new Error(`engine in ${container} not answering after 60 s`) },
    );
    await exec('swarm', 'init');
    await docker('exec', container, 'sh', '-c', 'echo y | docker network rm ingress');
    await retryUntil(
      () => exec('network', 'create', '--ingress', '--driver', 'overlay', '--subnet', '10.254.0.0/16', 'ingress').then(() => true, () => false),
      (ok) => ok,
      { timeoutMs: 30_000, onTimeout: () => new Error('could not re-create the ingress network as a /16') },
    );
    const address = dial === 'published'
      ? (await docker('port', container, '2377')).split('\n')[0]!
      : `${await docker('inspect', '--format', '{{.NetworkSettings.Networks.bridge.IPAddress}}', container)}:2377`;
    return {
      container,
      address,
      exec,
      workerToken: () => exec('swarm', 'join-token', 'worker', '-q'),
      async usage() {
        const out = await docker('exec', container, 'sh', '-c', 'p=$(pidof dockerd); cat /proc/$p/stat; grep VmRSS /proc/$p/status');
        const [stat = '', rss = ''] = out.split('\n');
        // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100/s).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        return { rssMiB: Math.round(Number(rss.replace(/\D/g, '')) / 1024), cpuSeconds: ticks / 100 };
      },
      async hollowStatus(prefix) {
        const out = await exec('node', 'ls', '--format', '{{.Hostname}} {{.Status}}');
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
