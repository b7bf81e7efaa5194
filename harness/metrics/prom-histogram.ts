// Prometheus histograms as an engine serves them: cumulative bucket counts (observations ≤ each
// upper bound `le`, the last bound +Inf), a count and a sum, all counted since the process
// started. A figure over a span of time is taken from the difference of two such readings
// (what PromQL's increase() does), and its quantile by linear interpolation within the bucket the
// rank falls in, exactly as PromQL's histogram_quantile() does (promql/quantile.go,
// bucketQuantile): a quantile is only as fine as the buckets, and one that falls in the +Inf
// bucket is the highest finite bound (it cannot be more precise than "above that").

export interface Bucket {
  /** Upper bound, inclusive (Infinity for +Inf). */
  le: number;
  /** Observations ≤ le: cumulative, as served. */
  count: number;
}

export interface CumulativeHistogram {
  /** Sorted by le; the last one +Inf when the histogram is complete. */
  buckets: Bucket[];
  count: number;
  sum: number;
}

const sorted = (buckets: readonly Bucket[]): Bucket[] => [...buckets].sort((a, b) => a.le - b.le);

/**
 * The observations between two readings of one histogram (earlier, later). When any count went
 * down, the process restarted in between (a manager's engine killed by chaos, say): like PromQL's
 * increase(), the later reading is then itself the increase (everything it counts came after the
 * restart). A bucket the earlier reading lacks counts as 0 there.
 */
export function histogramDelta(earlier: CumulativeHistogram, later: CumulativeHistogram): CumulativeHistogram {
  const before = new Map(earlier.buckets.map((b) => [b.le, b.count]));
  const reset = later.count < earlier.count || later.buckets.some((b) => b.count < (before.get(b.le) ?? 0));
  if (reset) return { buckets: sorted(later.buckets), count: later.count, sum: later.sum };
  return {
    buckets: sorted(later.buckets.map((b) => ({ le: b.le, count: b.count - (before.get(b.le) ?? 0) }))),
    count: later.count - earlier.count,
    sum: later.sum - earlier.sum,
  };
}

/** The cumulative count at le of sorted buckets: that of the largest bound ≤ le (0 below all). */
function countAt(buckets: readonly Bucket[], le: number): number {
  let n = 0;
  for (const b of buckets) if (b.le <= le) n = b.count;
  return n;
}

/**
 * Two histograms pooled (their observations together): PromQL's sum by (le). The histograms of
 * one family have the same bounds (swarmkit's defaults); were they different, a bound only one of
 * them has gets the other's count at its largest bound below it (a lower bound of the truth).
 */
export function addHistograms(a: CumulativeHistogram, b: CumulativeHistogram): CumulativeHistogram {
  const sa = sorted(a.buckets);
  const sb = sorted(b.buckets);
  const bounds = [...new Set([...sa.map((x) => x.le), ...sb.map((x) => x.le)])].sort((x, y) => x - y);
  return {
    buckets: bounds.map((le) => ({ le, count: countAt(sa, le) + countAt(sb, le) })),
    count: a.count + b.count,
    sum: a.sum + b.sum,
  };
}

export const emptyHistogram = (): CumulativeHistogram => ({ buckets: [], count: 0, sum: 0 });

/**
 * The q-quantile (0 ≤ q ≤ 1) of a histogram, in its own unit, as PromQL's histogram_quantile():
 * rank = q × the +Inf bucket's count; the first bucket whose cumulative count reaches the rank
 * holds it, and the value is interpolated linearly between that bucket's lower bound (the
 * previous bucket's upper bound, 0 for the first) and its upper bound. When the rank falls in the
 * +Inf bucket the result is the highest finite bound. Counts that go down from one bucket to the
 * next are raised to the one before (PromQL's ensureMonotonic). Undefined when there is nothing to
 * tell: no observations, no +Inf bucket, fewer than two buckets, q outside [0, 1].
 */
export function histogramQuantile(q: number, h: CumulativeHistogram): number | undefined {
  if (!(q >= 0 && q <= 1)) return undefined;
  const buckets: Bucket[] = [];
  for (const b of sorted(h.buckets)) {
    const last = buckets[buckets.length - 1];
    if (last && last.le === b.le) last.count = Math.max(last.count, b.count);
    else buckets.push({ ...b });
  }
  for (let i = 1; i < buckets.length; i++) buckets[i]!.count = Math.max(buckets[i]!.count, buckets[i - 1]!.count);
  const n = buckets.length;
  if (n < 2 || buckets[n - 1]!.le !== Number.POSITIVE_INFINITY) return undefined;
  const observations = buckets[n - 1]!.count;
  if (observations <= 0) return undefined;
  let rank = q * observations;
  let b = buckets.findIndex((x, i) => i < n - 1 && x.count >= rank);
  if (b === -1) b = n - 1;
  if (b === n - 1) return buckets[n - 2]!.le;
  if (b === 0 && buckets[0]!.le <= 0) return buckets[0]!.le;
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.le;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  // q = 0 with an empty first bucket: 0/0; the lower bound is the answer.
  if (count <= 0) return start;
  return start + (buckets[b]!.le - start) * (rank / count);
}

/** The mean observation (sum ÷ count), undefined without observations. */
export function histogramMean(h: CumulativeHistogram): number | undefined {
  return h.count > 0 ? h.sum / h.count : undefined;
}
