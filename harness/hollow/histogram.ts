// A small log-bucketed latency histogram: constant memory however many samples, cheap to record
// from thousands of workers, good to about 10% for percentiles, and resettable per interval.

const MIN_MS = 0.05;
const GROWTH = 1.1;
const BUCKETS = 160; // up to about 0.05 ms * 1.1^160 ≈ 200 s

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export class LatencyHistogram {
  private counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maxSeen = 0;

  record(ms: number): void {
    const v = Math.max(ms, MIN_MS);
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / Math.log(GROWTH)));
    this.counts[i]!++;
    this.total++;
    this.sum += ms;
    if (ms > this.maxSeen) this.maxSeen = ms;
  }

  private percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.ceil(p * this.total);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      // The bucket's upper bound, never beyond the largest sample.
      if (seen >= rank) return Math.min(this.maxSeen, MIN_MS * GROWTH ** (i + 1));
    }
    return this.maxSeen;
  }

  summary(): LatencySummary {
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      count: this.total,
      p50: round(this.percentile(0.5)),
      p95: round(this.percentile(0.95)),
      p99: round(this.percentile(0.99)),
      max: round(this.maxSeen),
      mean: round(this.total ? this.sum / this.total : 0),
    };
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.maxSeen = 0;
  }
}
