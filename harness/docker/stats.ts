// CPU and memory of node containers, read as cheaply as the host allows: straight from the
// cgroup accounting files when the engine is local (no engine call at all; the files stay open
// and are re-read with one synchronous pread each, some 40 times cheaper in CPU than
// fs.promises.readFile, which matters at hundreds of nodes a second), else one-shot
// `stats?stream=false&one-shot=true` calls, which return at once instead of waiting a second
// for a second sample (CPU is computed from our own successive samples instead).
import { closeSync, openSync, readSync } from 'node:fs';
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
    {
      cpu: `${root}/cpuacct/docker/${id}/cpuacct.usage`,
      mem: `${root}/memory/docker/${id}/memory.usage_in_bytes`,
      memStat: `${root}/memory/docker/${id}/memory.stat`,
      version: 1,
    },
    {
      cpu: `${root}/cpuacct/system.slice/docker-${id}.scope/cpuacct.usage`,
      mem: `${root}/memory/system.slice/docker-${id}.scope/memory.usage_in_bytes`,
      memStat: `${root}/memory/system.slice/docker-${id}.scope/memory.stat`,
      version: 1,
    },
    {
      cpu: `${root}/docker/${id}/cpu.stat`,
      mem: `${root}/docker/${id}/memory.current`,
      memStat: `${root}/docker/${id}/memory.stat`,
      version: 2,
    },
    {
      cpu: `${root}/system.slice/docker-${id}.scope/cpu.stat`,
      mem: `${root}/system.slice/docker-${id}.scope/memory.current`,
      memStat: `${root}/system.slice/docker-${id}.scope/memory.stat`,
      version: 2,
    },
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
  const v1 = {
    cpu: `${root}/cpuacct/docker/cpuacct.usage`,
    mem: `${root}/memory/docker/memory.usage_in_bytes`,
    memStat: `${root}/memory/docker/memory.stat`,
    version: 1 as const,
  };
  try {
    await access(v1.cpu);
    return v1;
  } catch {
    return undefined;
  }
}

const KEY_RES = new Map<string, RegExp>();

function statValue(text: string, key: string): number | undefined {
  let re = KEY_RES.get(key);
  if (!re) KEY_RES.set(key, (re = new RegExp(`^${key} (\\d+)$`, 'm')));
  const m = re.exec(text);
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
    const s = (await engine.api
      .getContainer(containerId)
      .stats({ stream: false, 'one-shot': true } as never)) as unknown as RawStats;
    // Some engines answer with empty figures (Engine 20.10 on recent kernels with cgroup v1
    // did on our test host): no sample is better than a sample of zeros.
    if (s.memory_stats?.usage === undefined && !s.cpu_stats?.cpu_usage?.total_usage) return undefined;
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

const BUF = Buffer.allocUnsafe(16 * 1024);

/** Reads a whole small file from an open descriptor, from its start (pread at offset 0). */
function preadText(fd: number): string {
  const n = readSync(fd, BUF, 0, BUF.length, 0);
  return BUF.toString('latin1', 0, n);
}

function readSmall(path: string): string {
  const fd = openSync(path, 'r');
  try {
    return preadText(fd);
  } finally {
    closeSync(fd);
  }
}

/** Open descriptors kept at most (two per container), so thousands of nodes cannot exhaust them. */
let openBudget = 4000;

/**
 * One container's cgroup files, kept open and read synchronously (cgroupfs reads never wait on a
 * disk). memory.stat, only needed to subtract the inactive page cache, is read every statEveryMs.
 */
export class CgroupFiles {
  private cpuFd: number | undefined;
  private memFd: number | undefined;
  private inactive = 0;
  private statAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly paths: CgroupPaths,
    private readonly statEveryMs = 10_000,
  ) {}

  /** A sample, or undefined when the container (its cgroup) is gone; then the files are closed. */
  read(nowMs = Date.now()): ResourceSample | undefined {
    try {
      if (this.cpuFd === undefined && openBudget >= 2) {
        this.cpuFd = openSync(this.paths.cpu, 'r');
        this.memFd = openSync(this.paths.mem, 'r');
        openBudget -= 2;
      }
      const cpuText = this.cpuFd !== undefined ? preadText(this.cpuFd) : readSmall(this.paths.cpu);
      const memText = this.memFd !== undefined ? preadText(this.memFd) : readSmall(this.paths.mem);
      if (nowMs - this.statAt >= this.statEveryMs) {
        this.statAt = nowMs;
        let stat = '';
        try {
          stat = readSmall(this.paths.memStat);
        } catch {
          // memory.stat is optional; usage alone is then reported
        }
        this.inactive = statValue(stat, this.paths.version === 1 ? 'total_inactive_file' : 'inactive_file') ?? 0;
      }
      const cpuNs = this.paths.version === 1 ? Number(cpuText.trim()) : (statValue(cpuText, 'usage_usec') ?? 0) * 1000;
      const used = Number(memText.trim());
      return { cpuNs, memBytes: Math.max(0, used - (used > this.inactive ? this.inactive : 0)), atMs: nowMs };
    } catch {
      this.close();
      return undefined;
    }
  }

  close(): void {
    for (const fd of [this.cpuFd, this.memFd]) {
      if (fd === undefined) continue;
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      openBudget++;
    }
    this.cpuFd = undefined;
    this.memFd = undefined;
  }
}
