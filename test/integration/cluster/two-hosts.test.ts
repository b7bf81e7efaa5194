// Several outer hosts really work: two "outer hosts" simulated as containers running their own
// engines on a bridge network (capabilities mode, one level deeper, as HOST-NOTES found works).
// Host A is reached over a unix socket, host B over tcp:// with mutual TLS (--tlsverify), so both
// kinds of engine URL are exercised, including `down` reconnecting to B from the outer swarm's labels.
// swarmbench initialises the outer swarm on host A, joins host B as a worker, copies the node
// image to B, and places inner nodes on both; the inner swarm spans them over the overlay.
// The shared host's own outer swarm is never touched.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Engine, type EngineSpec } from '../../../harness/docker/engine.js';
import { inspectContainer, listContainers, removeContainer, runContainer } from '../../../harness/docker/containers.js';
import { answers } from '../../../harness/docker/host-info.js';
import { copyImage } from '../../../harness/docker/image-transfer.js';
import { createVolume, listVolumes, removeVolume } from '../../../harness/docker/volumes.js';
import { createBridge, listNetworks, removeNetwork } from '../../../harness/docker/networks.js';
import { createService } from '../../../harness/docker/services.js';
import { swarmState } from '../../../harness/docker/swarm.js';
import { listSwarmNodes, serviceTallies } from '../../../harness/docker/swarm-read.js';
import { down, status, up, type StartedCluster } from '../../../harness/cluster/index.js';
import { retryUntil } from '../../../harness/util/retry.js';
import { labelledObjects } from './support.js';
import { makeTlsFiles } from './tls-files.js';

const NAME = 't-cl-2h';
const HOSTS_LABEL = { 'swarmbench.cluster': 't-cl-2h-hosts', 'swarmbench.role': 'host' };
const ROOT = `/tmp/${NAME}`;
const SOCKET_ROOT = join(ROOT, 'sockets');
const real = connect();
const images = ['swarmbench/node:latest', 'swarmbench/registry:latest', 'swarmbench/alpine:latest'];

interface SimHost {
  spec: EngineSpec;
  engine: Engine;
  ip: string;
}

async function startHost(
  name: 'a' | 'b',
  bridge: string,
  tls?: { serverDir: string; clientDir: string },
): Promise<SimHost> {
  const api = join(ROOT, name);
  mkdirSync(api, { recursive: true });
  const volume = `${NAME}-host-${name}-data`;
  await createVolume(real, volume, HOSTS_LABEL);
  const tlsArgs = tls
    ? [
        '-H',
        'tcp://0.0.0.0:2376',
        '--tlsverify',
        '--tlscacert',
        '/tls/ca.pem',
        '--tlscert',
        '/tls/server-cert.pem',
        '--tlskey',
        '/tls/server-key.pem',
      ]
    : ['-H', 'unix:///run/swarmbench-api/docker.sock'];
  const id = await runContainer(real, {
    name: `${NAME}-host-${name}`,
    hostname: `${NAME}-host-${name}`,
    image: 'swarmbench/node:latest',
    cmd: ['-H', 'unix:///var/run/docker.sock', ...tlsArgs],
    labels: HOSTS_LABEL,
    // The socket root is shared at the same path, so manager sockets on host A reach the harness.
    binds: [
      `${volume}:/var/lib/docker`,
      `${api}:/run/swarmbench-api`,
      `${SOCKET_ROOT}:${SOCKET_ROOT}`,
      ...(tls ? [`${tls.serverDir}:/tls:ro`] : []),
    ],
    network: bridge,
    mode: 'capabilities',
  });
  const ip = (await inspectContainer(real, id))!.addresses[bridge]!;
  const spec: EngineSpec = tls
    ? { name: `host-${name}`, url: `tcp://${ip}:2376`, tlsDir: tls.clientDir }
    : { name: `host-${name}`, url: `unix://${api}/docker.sock` };
  const engine = connect(spec);
  await retryUntil(
    () => answers(engine),
    (ok) => ok,
    {
      timeoutMs: 60_000,
      intervalMs: 250,
      onTimeout: () => new Error(`simulated host ${name} did not answer at ${spec.url}`),
    },
  );
  return { spec, engine, ip };
}

async function removeHosts(): Promise<void> {
  for (const c of await listContainers(real, HOSTS_LABEL)) await removeContainer(real, c.id);
  for (const v of await listVolumes(real, HOSTS_LABEL)) await removeVolume(real, v);
  for (const n of await listNetworks(real, HOSTS_LABEL)) await removeNetwork(real, n.id);
  rmSync(ROOT, { recursive: true, force: true });
}

describe.sequential('two outer hosts', () => {
  let a: SimHost;
  let b: SimHost;
  let cluster: StartedCluster | undefined;
  const savedRoot = process.env.SWARMBENCH_SOCKET_ROOT;

  beforeAll(async () => {
    await removeHosts();
    mkdirSync(SOCKET_ROOT, { recursive: true });
    process.env.SWARMBENCH_SOCKET_ROOT = SOCKET_ROOT;
    const bridge = `${NAME}-bridge`;
    // Host B's certificate must name the address it will get before it starts: the engine picks
    // the bridge's subnet, and the first addresses after the gateway are the hosts' (a /24 or wider).
    const { subnet } = await createBridge(real, bridge, HOSTS_LABEL);
    const base = subnet.split('/')[0]!.split('.').slice(0, 3).join('.');
    const tls = makeTlsFiles(
      join(ROOT, 'tls'),
      Array.from({ length: 14 }, (_, i) => `${base}.${i + 2}`),
    );
    [a, b] = await Promise.all([startHost('a', bridge), startHost('b', bridge, tls)]);
    expect(b.spec.url).toMatch(/^tcp:\/\/[\d.]+:2376$/);
    // No registry anywhere: host A gets the images from the real engine; swarmbench copies the node image on to B.
    for (const image of images) await copyImage(real, a.engine, image);
  }, 600_000);

  afterAll(async () => {
    try {
      await cluster?.close();
      if (a) await down(NAME, { local: a.spec }).catch(() => undefined);
    } finally {
      await removeHosts();
      if (savedRoot === undefined) delete process.env.SWARMBENCH_SOCKET_ROOT;
      else process.env.SWARMBENCH_SOCKET_ROOT = savedRoot;
    }
  }, 600_000);

  it('up joins host B to the outer swarm and places inner nodes on both hosts', async () => {
    cluster = await up({
      cluster: NAME,
      nodes: 4,
      managers: 1,
      local: a.spec,
      advertiseAddr: a.ip,
      hosts: [{ ...b.spec, advertiseAddr: b.ip }],
      nodeMode: 'capabilities',
      images: { nginx: 'swarmbench/no-nginx-here:latest' },
    });
    expect(cluster.report.ready).toBe(4);
    expect(cluster.report.failed).toEqual([]);
    const outer = await listSwarmNodes(a.engine);
    expect(outer.map((n) => n.state)).toEqual(['ready', 'ready']);
    expect((await swarmState(b.engine)).localNodeState).toBe('active');
    const nodes = await cluster.nodes();
    expect(new Set(nodes.map((n) => n.host))).toEqual(new Set(['host-a', 'host-b']));
    expect(nodes.filter((n) => n.host === 'host-b').every((n) => n.role === 'worker')).toBe(true);
    const inner = await listSwarmNodes(await cluster.manager());
    expect(inner.filter((n) => n.state === 'ready')).toHaveLength(4);
  }, 600_000);

  it('status lists both hosts with their nodes', async () => {
    const s = await status(NAME, { local: a.spec });
    expect(s.hosts.map((h) => h.name)).toEqual(['host-a', 'host-b']);
    expect(s.hosts.reduce((n, h) => n + h.nodes, 0)).toBe(4);
    expect(s.hosts.every((h) => h.nodes > 0)).toBe(true);
    expect(s.nodes.ready).toBe(4);
  }, 120_000);

  it('a worker on host B pulls from the registry on host A over the overlay', async () => {
    const mgr = await cluster!.manager();
    const onB = (await cluster!.nodes()).filter((n) => n.host === 'host-b').map((n) => n.name);
    await createService(mgr, {
      name: `${NAME}-top`,
      image: cluster!.imageRef('alpine'),
      constraints: [`node.hostname==${onB[0]}`],
      mode: 'replicated',
      replicas: 1,
    });
    const t = await retryUntil(
      () => serviceTallies(mgr),
      (s) => s[0]?.running === 1,
      {
        timeoutMs: 240_000,
        intervalMs: 2000,
        onTimeout: (s) => new Error(`task on host B not running: ${JSON.stringify(s)}`),
      },
    );
    expect(t[0]!.running).toBe(1);
  }, 300_000);

  it('down removes everything on both hosts and undoes the outer swarm it made', async () => {
    const report = await down(NAME, { local: a.spec });
    cluster = undefined;
    expect(report.leftOuterSwarm.sort()).toEqual(['host-a', 'host-b']);
    // All 4 nodes stopped together before removal. The simulated hosts' engines run on this
    // machine and, under cgroup v1 without a cgroup namespace, put their containers' cgroups
    // beside the host's, so the kernel may reach them; on real remote hosts the engine kills.
    expect(report.nodesKilled.kernel + report.nodesKilled.engine).toBe(4);
    for (const engine of [a.engine, b.engine]) {
      expect(await labelledObjects(engine, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
      expect((await swarmState(engine)).localNodeState).toBe('inactive');
    }
  }, 300_000);
});
