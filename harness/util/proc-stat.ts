// The whole machine's CPU and memory as the kernel counts them (/proc/stat, /proc/meminfo): what
// the validity verdict needs to say "the host was the limit". Parsers are pure, for tests.
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  /** Jiffies spent doing anything but idling or waiting for I/O, over all cores. */
  busy: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = f[3]! + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU % of one core (200 = two cores busy) between two readings on `cores` cores. */
export function busyPercent(prev: CpuTimes, now: CpuTimes, cores: number): number | undefined {
  const total = now.total - prev.total;
  if (total <= 0) return undefined;
  return ((now.busy - prev.busy) / total) * 100 * cores;
}

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
}

export function parseMeminfo(text: string): MemInfo | undefined {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const totalBytes = kb('MemTotal');
  const availableBytes = kb('MemAvailable');
  return totalBytes === undefined || availableBytes === undefined ? undefined : { totalBytes, availableBytes };
}

/** Share of this host's memory in use now (1 − MemAvailable / MemTotal); undefined off Linux. */
export function hostMemFraction(): number | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/meminfo', 'utf8');
  } catch {
    return undefined;
  }
  const mem = parseMeminfo(text);
  return mem && mem.totalBytes > 0 ? 1 - mem.availableBytes / mem.totalBytes : undefined;
}
