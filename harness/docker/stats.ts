// CPU and memory of node containers, read as cheaply as the host allows: straight from the
// cgroup accounting files when the engine is local (no engine call at all), else one-shot
// `stats?stream=false&one-shot=true` calls, which return at once instead of waiting a second
// for a second sample (CPU is computed from our own successive samples instead).
import { readFile, access } from 'node:fs/promises';
import type { Engine } from './engine.js';
import { statusOf } from './engine.js';

/** Cumulative counters of one container at one moment. */
export interface ResourceSample {
  /** CPU time used since the container started, in nanoseconds. */
  cpuNs: number;
  /** Memory in use without the page cache, as `docker stats` shows it. */
  memBytes: number;
  /** When the sample was taken (ms since the epoch). */
  atMs: number;
}

export interface CgroupPaths {
  cpu: string;
  mem: string;
  memStat: string;
  version: 1 | 2;
}

const ROOT = process.env.SWARMBENCH_CGROUP_ROOT ?? '/sys/fs/cgroup';

/** The places the engine may have put a container's cgroup: cgroupfs v1, systemd v1, v2. */
export function cgroupCandidates(id: string, root = ROOT): CgroupPaths[] {
  return [
    { cpu: `${root}/cpuacct/docker/${id}/cpuacct.usage`, mem: `${root}/memory/docker/${id}/memory.usage_in_bytes`, memStat: `${root}/memory/docker/${id}/memory.stat`, version: 1 },
    { cpu: `${root}/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`, mem: `${root}/memory/system.slice/docker-${id}.scope/memory.usage_in_bytes`, memStat: `${root}/memory/system.slice/docker-${id}.scope/memory.stat`, version: 1 },
    { cpu: `${root}/docker/${id}/cpu.stat`, mem: `${root}/docker/${id}/memory.current`, memStat: `${root}/docker/${id}/memory.stat`, version: 2 },
    { cpu: `${root}/system.slice/docker-${id}.scope/cpu.stat`, mem: `${root}/system.slice/docker-${id}.scope/memory.current`, memStat: `${root}/system.slice/docker-${id}.scope/memory.stat`, version: 2 },
  ];
}

/** The cgroup files of a container on this machine, or undefined when none exist (remote engine). */
export async function findCgroup(id: string, root = ROOT): Promise<CgroupPaths | undefined> {
  for (const c of cgroupCandidates(id, root)) {
    try {
      await access(c.cpu);
      return c;
    } catch {
      // not this layout
    }
  }
  return undefined;
}

/** The cgroup of everything the engine runs (the "docker" parent), for per-host totals. */
export async function findEngineCgroup(root = ROOT): Promise<CgroupPaths | undefined> {
  const v1 = { cpu: `${root}/cpuacct/docker/cpuacct.usage`, mem: `${root}/memory/docker/memory.usage_in_bytes`, memStat: `${root}/memory/docker/memory.stat`, version: 1 as const };
  try {
    await access(v1.cpu);
    return v1;
  } catch {
    return undefined;
  }
}

function statValue(text: string, key: string): number | undefined {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Reads one sample from cgroup files; undefined when the container is gone. */
export async function readCgroup(paths: CgroupPaths, now = Date.now()): Promise<ResourceSample | undefined> {
  try {
    const [cpuText, memText, memStat] = await Promise.all([
      readFile(paths.cpu, 'utf8'),
      readFile(paths.mem, 'utf8'),
      readFile(paths.memStat, 'utf8').catch(() => ''),
    ]);
    const cpuNs = paths.version === 1 ? Number(cpuText.trim()) : (statValue(cpuText, 'usage_usec') ?? 0) * 1000;
    // docker stats shows usage minus inactive file cache; do the same so figures agree.
    const inactive = statValue(memStat, paths.version === 1 ? 'total_inactive_file' : 'inactive_file') ?? 0;
    const used = Number(memText.trim());
    return { cpuNs, memBytes: Math.max(0, used - (used > inactive ? inactive : 0)), atMs: now };
  } catch {
    return undefined;
  }
}

interface RawStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; stats?: Record<string, number> };
}

/** One-shot stats from a (remote) engine; undefined when the container is gone. */
export async function oneShotStats(engine: Engine, containerId: string): Promise<ResourceSample | undefined> {
  try {
    const s = (await engine.api.getContainer(containerId).stats({ stream: false, 'one-shot': true } as never)) as unknown as RawStats;
    const usage = s.memory_stats?.usage ?? 0;
    const st = s.memory_stats?.stats ?? {};
    const inactive = st.total_inactive_file ?? st.inactive_file ?? 0;
    return {
      cpuNs: s.cpu_stats?.cpu_usage?.total_usage ?? 0,
      memBytes: Math.max(0, usage - (usage > inactive ? inactive : 0)),
      atMs: Date.now(),
    };
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw err;
  }
}
