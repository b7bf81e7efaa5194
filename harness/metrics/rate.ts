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
 * The rate of a batch of tasks over its own window, the one definition a scale step and the
 * summary share: tasks ÷ (the first one's creation, manager clock, to the last one running,
 * node clock). Undefined without tasks.
 */
export function windowRate(
  createdMs: readonly number[],
  runningMs: readonly number[],
): { rate: number; windowMs: number } | undefined {
  if (runningMs.length === 0) return undefined;
  // Loops, not Math.min(...): a Swarm3k-size step has tens of thousands of tasks.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of createdMs) if (Number.isFinite(t) && t < first) first = t;
  for (const t of runningMs) if (Number.isFinite(t) && t > last) last = t;
  if (!Number.isFinite(first) || !Number.isFinite(last)) return undefined;
  const windowMs = Math.max(1, last - first);
  return { rate: runningMs.length / (windowMs / 1000), windowMs };
}

/** Engine-clock rate: n containers between the first creation and the last start. */
export function startRate(times: readonly { createdMs: number; startedMs: number }[]): number {
  if (times.length === 0) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t.createdMs < first) first = t.createdMs;
    if (t.startedMs > last) last = t.startedMs;
  }
  return (times.length * 1000) / Math.max(last - first, 1);
}
