// What this engine's host can do, found by starting small probe containers (never assumed):
// how dind nodes can start (privileged, else capabilities mode), IPVS for the routing mesh,
// vxlan for overlays, the cgroup version, and what one node costs to boot and to keep.
import { inspectContainer, removeContainer, runContainer, tailLogs, type NodeMode } from './containers.js';
import { awaitInnerEngine } from './inner-engine.js';
import { findCgroup, oneShotStats, readCgroup } from './stats.js';
import type { Engine } from './engine.js';
import { execIn } from './exec.js';

export interface ModeProbe {
  mode: NodeMode | null;
  /** Why --privileged was refused, when it was. */
  privilegedError?: string;
  /** Why capabilities mode failed too, when it did. */
  capabilitiesError?: string;
}

export interface KernelProbe {
  ipvs: boolean;
  vxlan: boolean;
  cgroupVersion: 1 | 2;
  /** Mounting inside the node works (the node entrypoint needs it to remount cgroups). */
  canMount: boolean;
}

const PROBE_LABELS = { 'swarmbench.role': 'probe' };
const probeName = (what: string) => `swarmbench-probe-${what}-${process.pid}-${Date.now().toString(36)}`;

async function runToExit(
  engine: Engine,
  image: string,
  cmd: string[],
  mode: NodeMode,
): Promise<{ code: number; output: string }> {
  const id = await runContainer(engine, { name: probeName(mode), image, cmd, labels: PROBE_LABELS, mode });
  try {
    const res = (await engine.api.getContainer(id).wait()) as { StatusCode: number };
    return { code: res.StatusCode, output: await tailLogs(engine, id, 50) };
  } finally {
    await removeContainer(engine, id);
  }
}

function message(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/^\(HTTP code \d+\)[^-]*- /, '').trim();
}

/** Tries --privileged, then capabilities mode, with a command that mounts a tmpfs as the node's entrypoint must. */
export async function detectNodeMode(engine: Engine, image: string): Promise<ModeProbe> {
  const cmd = ['sh', '-c', 'mkdir -p /tmp/probe && mount -t tmpfs none /tmp/probe && echo mounted'];
  const result: ModeProbe = { mode: null };
  for (const mode of ['privileged', 'capabilities'] as const) {
    try {
      const res = await runToExit(engine, image, cmd, mode);
      if (res.code === 0 && res.output.includes('mounted')) return { ...result, mode };
      const why = `probe exited ${res.code}: ${res.output.trim().split('\n').pop() ?? ''}`;
      if (mode === 'privileged') result.privilegedError = why;
      else result.capabilitiesError = why;
    } catch (err) {
      if (mode === 'privileged') result.privilegedError = message(err);
      else result.capabilitiesError = message(err);
    }
  }
  return result;
}

/** Kernel features, read from inside a container (so remote engines are probed too). */
export async function probeKernel(engine: Engine, image: string, mode: NodeMode): Promise<KernelProbe> {
  const script = [
    'test -e /proc/net/ip_vs && echo ipvs=1',
    // vxlan may be built in (no module file) or a module: either shows under /sys/module.
    '{ test -d /sys/module/vxlan || grep -qw vxlan /proc/modules; } && echo vxlan=1',
    'test -f /sys/fs/cgroup/cgroup.controllers && echo cgroup=2 || echo cgroup=1',
    'mkdir -p /tmp/probe && mount -t tmpfs none /tmp/probe 2>/dev/null && echo mount=1',
    'true',
  ].join('; ');
  const { output } = await runToExit(engine, image, ['sh', '-c', script], mode);
  return parseKernelProbe(output);
}

export function parseKernelProbe(output: string): KernelProbe {
  const has = (k: string) => new RegExp(`^${k}=1$`, 'm').test(output);
  return {
    ipvs: has('ipvs'),
    vxlan: has('vxlan'),
    cgroupVersion: /^cgroup=2$/m.test(output) ? 2 : 1,
    canMount: has('mount'),
  };
}

/** What one node costs this host, measured (docker/probe.ts measureNodeCost). */
export interface NodeCost {
  /** Container create until its engine answers, one node on its own. */
  bootMs: number;
  /** CPU the node used in that time (core-seconds). */
  bootCoreSeconds: number;
  /** CPU of one worker at rest in a swarm, in cores (0.004 = 0.4 % of a core). */
  idleCores: number;
  /** Memory of that worker at rest. */
  memBytes: number;
  /** How long the idle CPU was sampled over. */
  idleSampleMs: number;
}

/**
 * Boots two probe nodes on the default bridge, makes one a single-manager swarm and joins the
 * other as a worker, then reads the worker's boot time and CPU, and its CPU and memory at rest
 * in the swarm (a node outside any swarm idles at a fraction of that: membership costs). About
 * 30 s; both nodes are removed on every path.
 */
export async function measureNodeCost(
  engine: Engine,
  nodeImage: string,
  mode: NodeMode,
  idleSampleMs = 10_000,
): Promise<NodeCost> {
  const ids: string[] = [];
  const run = async (what: string) => {
    const id = await runContainer(engine, { name: probeName(what), image: nodeImage, labels: PROBE_LABELS, mode });
    ids.push(id);
    return id;
  };
  const cpuNs = async (id: string) => {
    const cg = await findCgroup(id);
    const s = (cg ? await readCgroup(cg) : undefined) ?? (await oneShotStats(engine, id));
    if (!s) throw new Error('the engine reported no CPU figure for the probe node');
    return s;
  };
  const answer = async (id: string) => {
    const why = await awaitInnerEngine(engine, id, 120_000);
    if (why) throw new Error(`probe node: ${why}: ${await tailLogs(engine, id, 5)}`);
  };
  try {
    const manager = await run('manager');
    await answer(manager);
    const t0 = Date.now();
    const worker = await run('worker');
    await answer(worker);
    const bootMs = Date.now() - t0;
    const booted = await cpuNs(worker);
    const addr = (await inspectContainer(engine, manager))?.addresses.bridge;
    if (!addr) throw new Error('the probe manager has no address on the default bridge');
    const init = await execIn(
      engine,
      manager,
      ['sh', '-c', `docker swarm init --advertise-addr ${addr} >/dev/null && docker swarm join-token -q worker`],
      { timeoutMs: 60_000 },
    );
    if (init.exitCode !== 0) throw new Error(`probe swarm init failed: ${init.output.trim()}`);
    const join = await execIn(engine, worker, ['sh', '-c', 'docker swarm join --token "$T" "$M"'], {
      env: [`T=${init.output.trim()}`, `M=${addr}:2377`],
      timeoutMs: 60_000,
    });
    if (join.exitCode !== 0) throw new Error(`probe join failed: ${join.output.trim().split('\n').pop()}`);
    // Let the join's own work finish so what follows is the cost at rest.
    await new Promise((r) => setTimeout(r, 5000));
    const a = await cpuNs(worker);
    await new Promise((r) => setTimeout(r, idleSampleMs));
    const b = await cpuNs(worker);
    return {
      bootMs,
      bootCoreSeconds: booted.cpuNs / 1e9,
      idleCores: (b.cpuNs - a.cpuNs) / 1e6 / Math.max(1, b.atMs - a.atMs),
      memBytes: b.memBytes,
      idleSampleMs: b.atMs - a.atMs,
    };
  } finally {
    for (const id of ids) await removeContainer(engine, id).catch(() => undefined);
  }
}
