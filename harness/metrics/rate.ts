// Rates from cumulative counters: tasks reaching running per second (from successive running
// counts) and CPU % of one core (from successive CPU-time counters). Pure, so the arithmetic is
// tested without a swarm.

/** Per key, the increase of a count per second since the previous observation (0 when it fell). */
export class CountRate {
  private readonly prev = new Map<string, { value: number; atMs: number }>();

  /** Returns the rate since the previous call for key, or undefined on the first call. */
  observe(key: string, value: number, atMs: number): number | undefined {
    const p = this.prev.get(key);
    this.prev.set(key, { value, atMs });
    if (!p || atMs <= p.atMs) return undefined;
    return (Math.max(0, value - p.value) * 1000) / (atMs - p.atMs);
  }

  forget(key: string): void {
    this.prev.delete(key);
  }
}

/** CPU % of one core between two cumulative CPU-time readings (ns) taken wallMs apart. */
export function cpuPercent(prevNs: number, nowNs: number, wallMs: number): number | undefined {
  if (wallMs <= 0 || nowNs < prevNs) return undefined; // counter reset: the container restarted
  return ((nowNs - prevNs) / 1e6 / wallMs) * 100;
}

/** Per key, CPU % since the previous cumulative reading. */
export class CpuRate {
  private readonly prev = new Map<string, { ns: number; atMs: number }>();

  observe(key: string, ns: number, atMs: number): number | undefined {
    const p = this.prev.get(key);
    this.prev.set(key, { ns, atMs });
    return p ? cpuPercent(p.ns, ns, atMs - p.atMs) : undefined;
  }
}

/**
 * Scheduling throughput over a window from task samples: tasks that reached running in
 * [fromMs, toMs] divided by the time from fromMs to the last of them. Undefined without samples.
 */
export function throughput(
  runningTimes: readonly number[],
  fromMs: number,
  toMs = Number.POSITIVE_INFINITY,
): number | undefined {
  let n = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of runningTimes) {
    if (t < fromMs || t > toMs) continue;
    n++;
    if (t > last) last = t;
  }
  if (n === 0) return undefined;
  const spanMs = Math.max(last - fromMs, 1000); // a burst inside one second is n tasks/s, not infinity
  return (n * 1000) / spanMs;
}
