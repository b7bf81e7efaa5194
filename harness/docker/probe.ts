// What this engine's host can do, found by starting small probe containers (never assumed):
// how dind nodes can start (privileged, else capabilities mode), IPVS for the routing mesh,
// vxlan for overlays, the cgroup version, and what one idle node costs in memory.
import type { NodeMode } from '../cluster/types.js';
import { removeContainer, runContainer, tailLogs, memoryUsage } from './containers.js';
import type { Engine } from './engine.js';
import { execIn } from './exec.js';
import { retryUntil } from '../util/retry.js';

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

async function runToExit(engine: Engine, image: string, cmd: string[], mode: NodeMode): Promise<{ code: number; output: string }> {
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
  return { ipvs: has('ipvs'), vxlan: has('vxlan'), cgroupVersion: /^cgroup=2$/m.test(output) ? 2 : 1, canMount: has('mount') };
}

/**
 * Starts one idle dind node, waits until its engine answers, and reads its memory: the figure
 * that says how many nodes fit. About 10 s; callers cache it per image.
 */
export async function measureNodeMemory(engine: Engine, nodeImage: string, mode: NodeMode): Promise<number> {
  const id = await runContainer(engine, { name: probeName('node'), image: nodeImage, labels: PROBE_LABELS, mode });
  try {
    await retryUntil(
      () => execIn(engine, id, ['docker', 'info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 }).catch(() => ({ exitCode: 1, output: '' })),
      (r) => r.exitCode === 0,
      { timeoutMs: 60_000, intervalMs: 500, onTimeout: (r) => new Error(`probe node's engine did not answer in 60 s: ${r?.output.trim() ?? ''}`) },
    );
    // Let the engine finish its start-up work so the figure is the idle cost.
    await new Promise((r) => setTimeout(r, 3000));
    const bytes = await memoryUsage(engine, id);
    if (!bytes) throw new Error('the engine reported no memory figure for the probe node');
    return bytes;
  } finally {
    await removeContainer(engine, id);
  }
}
