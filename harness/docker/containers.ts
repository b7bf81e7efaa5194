// Node, registry and host containers on an outer engine: the HostConfig for each node mode,
// create/start/remove, listing by labels, the last log lines of a node that failed.
import type Dockerode from 'dockerode';
import { statusOf, tolerate, type Engine } from './engine.js';
import { labelFilter } from './labels-filter.js';
import { findCgroup, readCgroup } from './stats.js';

/** How a dind node container runs: privileged where the kernel allows it, else with capabilities. */
export type NodeMode = 'privileged' | 'capabilities';

/** What the harness needs to create a container; kept small so cluster/ never sees dockerode types. */
export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  cmd?: string[];
  /** Replaces the image's entrypoint (probes run a shell in the node image, whose entrypoint execs dockerd). */
  entrypoint?: string[];
  env?: string[];
  hostname?: string;
  /** "volume:/path" or "/host/dir:/path". */
  binds?: string[];
  network?: string;
  mode?: NodeMode;
  /** Ports published on the outer host's loopback only: container port -> host port (0 = any). */
  loopbackPorts?: Record<number, number>;
  restartAlways?: boolean;
}

export interface ContainerSummary {
  id: string;
  name: string;
  state: string;
  labels: Record<string, string>;
}

/**
 * HostConfig for a dind container. `privileged` where the kernel allows it; `capabilities`
 * where it does not (HOST-NOTES: --privileged fails when the bounding set lacks
 * CAP_SYS_RESOURCE): every capability but that one, no seccomp/apparmor, writable /proc/sys
 * and all devices; the node's entrypoint remounts cgroups writable.
 */
export function nodeHostConfig(mode: NodeMode): Dockerode.HostConfig {
  if (mode === 'privileged') return { Privileged: true, Tmpfs: { '/run': '' } };
  return {
    CapAdd: ['ALL'],
    CapDrop: ['SYS_RESOURCE'],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
    // `--security-opt systempaths=unconfined` is a CLI spelling; the API wants empty path lists.
    MaskedPaths: [],
    ReadonlyPaths: [],
    DeviceCgroupRules: ['a *:* rwm'],
    Tmpfs: { '/run': '' },
  };
}

export function containerOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const host: Dockerode.HostConfig = spec.mode ? nodeHostConfig(spec.mode) : {};
  host.Binds = spec.binds;
  if (spec.network) host.NetworkMode = spec.network;
  if (spec.restartAlways) host.RestartPolicy = { Name: 'always' };
  const exposed: Record<string, object> = {};
  if (spec.loopbackPorts) {
    host.PortBindings = {};
    for (const [inner, outer] of Object.entries(spec.loopbackPorts)) {
      exposed[`${inner}/tcp`] = {};
      host.PortBindings[`${inner}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: outer ? String(outer) : '' }];
    }
  }
  return {
    name: spec.name,
    Image: spec.image,
    Hostname: spec.hostname,
    Cmd: spec.cmd,
    Entrypoint: spec.entrypoint,
    Env: spec.env,
    Labels: spec.labels,
    ExposedPorts: spec.loopbackPorts ? exposed : undefined,
    HostConfig: host,
  };
}

/** Creates and starts a container (a name already taken is a 409); one that would not start is removed again. */
export async function runContainer(engine: Engine, spec: ContainerSpec): Promise<string> {
  const container = await engine.api.createContainer(containerOptions(spec));
  try {
    await container.start();
  } catch (err) {
    await removeContainer(engine, container.id).catch(() => undefined);
    throw err;
  }
  return container.id;
}

/** Containers carrying the labels ({} for every one), stopped ones too unless runningOnly. */
export async function listContainers(
  engine: Engine,
  labels: Record<string, string | undefined>,
  opts: { runningOnly?: boolean } = {},
): Promise<ContainerSummary[]> {
  const list = await engine.api.listContainers({ all: !opts.runningOnly, filters: { label: labelFilter(labels) } });
  return list.map((c) => ({
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    state: c.State,
    labels: c.Labels ?? {},
  }));
}

/** Force-removes a container and its anonymous volumes; gone already counts as done. */
export async function removeContainer(engine: Engine, id: string): Promise<void> {
  await tolerate(engine.api.getContainer(id).remove({ force: true, v: true }), 404, 409);
}

/** Removes the container of that name only if it carries every given label (never someone else's). */
export async function removeOwnContainer(engine: Engine, name: string, labels: Record<string, string>): Promise<void> {
  let info;
  try {
    info = await engine.api.getContainer(name).inspect();
  } catch (err) {
    if (statusOf(err) === 404) return;
    throw err;
  }
  const own = info.Config.Labels ?? {};
  if (Object.entries(labels).every(([k, v]) => own[k] === v)) await removeContainer(engine, info.Id);
}

export interface ContainerDetails {
  id: string;
  running: boolean;
  /** Frozen by `docker pause` (still counts as running). */
  paused: boolean;
  /** The main process's exit code once it stopped (0 while running). */
  exitCode: number;
  /** The main process's PID on the engine's host (0 when stopped). */
  pid: number;
  /** Address on each network the container is attached to. */
  addresses: Record<string, string>;
  /** Host ports published for container ports ("5000/tcp" -> 32768). */
  ports: Record<string, number>;
}

export async function inspectContainer(engine: Engine, id: string): Promise<ContainerDetails | undefined> {
  try {
    const info = await engine.api.getContainer(id).inspect();
    const addresses: Record<string, string> = {};
    for (const [net, n] of Object.entries(info.NetworkSettings.Networks ?? {})) addresses[net] = n.IPAddress;
    const ports: Record<string, number> = {};
    for (const [p, binds] of Object.entries(info.NetworkSettings.Ports ?? {})) {
      const hostPort = binds?.[0]?.HostPort;
      if (hostPort) ports[p] = Number(hostPort);
    }
    return {
      id: info.Id,
      running: info.State.Running,
      paused: info.State.Paused,
      exitCode: info.State.ExitCode,
      pid: info.State.Pid,
      addresses,
      ports,
    };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}

/** The last lines a container wrote, for the message that names a node that would not come up. */
export async function tailLogs(engine: Engine, id: string, lines = 20): Promise<string> {
  try {
    const buf = (await engine.api
      .getContainer(id)
      .logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
    return demuxToText(buf).trim();
  } catch (err) {
    return `(no logs: ${err instanceof Error ? err.message : String(err)})`;
  }
}

/** Strips the 8-byte stream headers of a non-TTY log or exec buffer. */
export function demuxToText(buf: Buffer): string {
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buf.length && (buf[i] === 1 || buf[i] === 2 || buf[i] === 0) && buf[i + 1] === 0) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len).toString('utf8'));
    i += 8 + len;
  }
  return i === 0 ? buf.toString('utf8') : parts.join('');
}

/**
 * Memory in use by a container (inactive file cache excluded, as `docker stats` shows it).
 * Some nested hosts' engines report empty memory stats; the container's cgroup files, when
 * they are on this machine, answer then.
 */
export async function memoryUsage(engine: Engine, id: string): Promise<number | undefined> {
  try {
    const s = await engine.api.getContainer(id).stats({ stream: false, 'one-shot': true });
    const stats = s.memory_stats.stats as Record<string, number> | undefined;
    const cache = stats?.total_inactive_file ?? stats?.inactive_file ?? 0;
    if (s.memory_stats.usage) return s.memory_stats.usage - cache;
  } catch {
    // fall through to the cgroup files
  }
  const cgroup = await findCgroup(id).catch(() => undefined);
  return cgroup ? ((await readCgroup(cgroup))?.memBytes ?? undefined) : undefined;
}

export async function killContainer(engine: Engine, id: string): Promise<void> {
  await tolerate(engine.api.getContainer(id).kill(), 404, 409);
}
export async function restartContainer(engine: Engine, id: string): Promise<void> {
  await engine.api.getContainer(id).restart({ t: 5 });
}
export async function startContainer(engine: Engine, id: string): Promise<void> {
  await tolerate(engine.api.getContainer(id).start(), 304);
}
export async function pauseContainer(engine: Engine, id: string): Promise<void> {
  await tolerate(engine.api.getContainer(id).pause(), 409);
}
export async function unpauseContainer(engine: Engine, id: string): Promise<void> {
  await tolerate(engine.api.getContainer(id).unpause(), 409);
}

/**
 * The node mode the engine accepts, decided by whether a privileged container of the image
 * starts at all (where the bounding set lacks a capability, runc refuses with "unable to apply
 * caps"). A fallback for when the fuller probe in probe.ts gives no answer.
 */
export async function startableMode(engine: Engine, image: string, labels: Record<string, string>): Promise<NodeMode> {
  const name = `swarmbench-modecheck-${process.pid}-${Date.now().toString(36)}`;
  const container = await engine.api.createContainer({
    ...containerOptions({ name, image, labels, mode: 'privileged' }),
    Entrypoint: ['true'],
    Cmd: [],
  });
  try {
    await container.start();
    return 'privileged';
  } catch {
    return 'capabilities';
  } finally {
    await removeContainer(engine, container.id);
  }
}
