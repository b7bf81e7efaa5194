// InfluxDB keeps one point per series and timestamp: a second point with the same measurement,
// tags and time overwrites the first. Two tasks of one service reaching running in the same
// millisecond would then count once in InfluxDB and twice in metrics.lp. This guard moves a
// colliding point's time forward by 1 ms (exact times stay in the fields) so both stores agree.
import type { Point } from './measurements.js';

export function seriesKey(p: Point): string {
  const tags = Object.keys(p.tags)
    .filter((k) => p.tags[k] !== '' && p.tags[k] !== undefined)
    .sort()
    .map((k) => `${k}=${p.tags[k]}`)
    .join(',');
  return `${p.measurement},${tags}`;
}

export class UniqueTimes {
  /** Per series, the times used; pruned to a window behind the newest so memory stays bounded. */
  private readonly used = new Map<string, { times: Set<number>; newest: number }>();

  constructor(
    private readonly windowMs = 15 * 60_000,
    private readonly pruneAt = 20_000,
  ) {}

  /** Returns the time to write p with (ms, integer), unique within its series. */
  claim(p: Point): number {
    const key = seriesKey(p);
    let s = this.used.get(key);
    if (!s) this.used.set(key, (s = { times: new Set(), newest: Number.NEGATIVE_INFINITY }));
    let t = Math.round(p.timeMs);
    while (s.times.has(t)) t++;
    s.times.add(t);
    if (t > s.newest) s.newest = t;
    if (s.times.size > this.pruneAt) {
      const floor = s.newest - this.windowMs;
      for (const x of s.times) if (x < floor) s.times.delete(x);
    }
    return t;
  }
}
