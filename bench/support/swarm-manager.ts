// A standalone swarm manager for the hollow-worker bench and its integration tests, driven with
// the docker CLI: one swarmbench/node container in capabilities mode (HOST-NOTES), labelled
// swarmbench.cluster=<cluster> so that removeCluster() finds everything it made.
// Hollow workers dial its swarm port either at its bridge address (`direct`, the default) or
// through a port published on loopback (`published`): Docker's userland proxy behind a published
// port died at about 3,300 concurrent connections on this host, so `published` is kept only to
// measure that side by side (bench/hollow/README.md).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { retryUntil } from '../../harness/util/retry.js';

const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout.trim();
}

export type DialMode = 'direct' | 'published';

export interface ManagerNode {
  cluster: string;
  container: string;
  /** host:port where hollow workers on this host dial its swarm port. */
  address: string;
  /** Its address on the default bridge, where other manager containers reach it. */
  bridgeAddress: string;
  /** `docker ...` inside the node. */
  exec(...args: string[]): Promise<string>;
}

/** Starts one node container (not yet in a swarm) and waits for its engine to answer. */
export async function startManagerNode(
  cluster: string,
  container: string,
  dial: DialMode = 'direct',
): Promise<ManagerNode> {
  const label = `swarmbench.cluster=${cluster}`;
  const exec = (...args: string[]) => docker('exec', container, 'docker', ...args);
  await docker('volume', 'create', '--label', label, container);
  await docker(
    'run',
    '-d',
    '--name',
    container,
    '--hostname',
    container,
    '--label',
    label,
    '--label',
    'swarmbench.role=manager',
    '--cap-add',
    'ALL',
    '--cap-drop',
    'SYS_RESOURCE',
    '--security-opt',
    'seccomp=unconfined',
    '--security-opt',
    'apparmor=unconfined',
    '--security-opt',
    'systempaths=unconfined',
    '--device-cgroup-rule',
    'a *:* rwm',
    '--tmpfs',
    '/run',
    '-v',
    `${container}:/var/lib/docker`,
    ...(dial === 'published' ? ['-p', '127.0.0.1::2377'] : []),
    'swarmbench/node:latest',
  );
  await retryUntil(
    () =>
      exec('info', '--format', '{{.ServerVersion}}').then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    { timeoutMs: 60_000, onTimeout: () => new Error(`engine in ${container} not answering after 60 s`) },
  );
  const bridgeAddress = await docker(
    'inspect',
    '--format',
    '{{.NetworkSettings.Networks.bridge.IPAddress}}',
    container,
  );
  const address =
    dial === 'published' ? (await docker('port', container, '2377')).split('\n')[0]! : `${bridgeAddress}:2377`;
  return { cluster, container, address, bridgeAddress, exec };
}

/** `count` managers of one new swarm: the first inits it, the others join it as managers over the
 *  bridge network. The caller removes the cluster (removeCluster) when this throws half-way. */
export async function startSwarmManagers(
  cluster: string,
  count: number,
  dial: DialMode = 'direct',
): Promise<ManagerNode[]> {
  const first = await startManagerNode(cluster, `${cluster}-mgr`, dial);
  await first.exec('swarm', 'init');
  const nodes = [first];
  if (count > 1) {
    const token = await first.exec('swarm', 'join-token', 'manager', '-q');
    for (let i = 1; i < count; i++) {
      const m = await startManagerNode(cluster, `${cluster}-mgr${i}`, dial);
      await m.exec('swarm', 'join', '--token', token, `${first.bridgeAddress}:2377`);
      nodes.push(m);
    }
  }
  return nodes;
}

/** Re-creates the swarm's ingress as a /16: the default /24 runs out near 250 nodes. */
export async function widenIngress(node: ManagerNode): Promise<void> {
  await docker('exec', node.container, 'sh', '-c', 'echo y | docker network rm ingress');
  await retryUntil(
    () =>
      node.exec('network', 'create', '--ingress', '--driver', 'overlay', '--subnet', '10.254.0.0/16', 'ingress').then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    { timeoutMs: 30_000, onTimeout: () => new Error('could not re-create the ingress network as a /16') },
  );
}

/** Removes every container and volume of the cluster (by label), whatever state they are in. */
export async function removeCluster(cluster: string): Promise<void> {
  const filter = `label=swarmbench.cluster=${cluster}`;
  const ids = (await docker('ps', '-aq', '--filter', filter)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', '-v', ...ids);
  const vols = (await docker('volume', 'ls', '-q', '--filter', filter)).split('\n').filter(Boolean);
  if (vols.length) await docker('volume', 'rm', '-f', ...vols);
}
