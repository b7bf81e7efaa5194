// The Mann–Whitney U test (Wilcoxon rank-sum) of two sets of repetitions, and the Hodges–Lehmann
// shift with the interval the test implies. Rank-based, so it assumes nothing about the shape of a
// metric's run-to-run noise (skewed, heavy-tailed on a shared host) and one wild repetition moves
// it by one rank only.
//
// p-values are two-sided, as R's wilcox.test and SciPy's mannwhitneyu compute them:
// - no ties and both samples under 50 values: the exact null distribution of U (Mann & Whitney
//   1947), by the recurrence on the largest value of the pooled sample;
// - otherwise the normal approximation with the tie correction of the variance and a continuity
//   correction of 0.5 (Lehmann, Nonparametrics, 1975, §1.4).
// The shift interval is [d(k), d(mn+1-k)] of the m·n sorted differences b - a, with the largest k
// for which 2·P(U <= k-1) <= alpha (Lehmann 1975, §2.6; Bauer 1972): exactly the shifts the test
// would not reject, so without ties it excludes 0 exactly when p <= alpha.

export interface ShiftInterval {
  /** Hodges–Lehmann estimate: the median of all differences b - a. */
  estimate: number;
  low: number;
  high: number;
  /** Probability that [low, high] holds the true shift (by the exact or normal distribution of U);
   *  below 1 - alpha only when the samples are too small to reach it. */
  coverage: number;
}

export interface MannWhitney {
  /** U of b: pairs (a, b) with b > a, plus ½ per tied pair. nA·nB/2 when the samples do not differ. */
  u: number;
  nA: number;
  nB: number;
  /** Two-sided. */
  pValue: number;
  method: 'exact' | 'normal';
  ties: boolean;
  shift: ShiftInterval;
}

/** Exact distributions are used while both samples are below this size (as R does). */
const EXACT_BELOW = 50;

/** Standard normal CDF from erfc's Chebyshev fit (Numerical Recipes, 2nd ed., §6.2: fractional
 *  error below 1.2e-7), enough for p-values compared with 0.05. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-x * x + poly);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** P(U = u) for u = 0 … m·n under the null hypothesis, without ties: the largest pooled value is
 *  from the first sample with probability m/(m+n) and then exceeds all n of the second. */
export function exactUDistribution(m: number, n: number): number[] {
  // row[j] = distribution for (i, j); built up from i = 0.
  let row: number[][] = Array.from({ length: n + 1 }, () => [1]);
  for (let i = 1; i <= m; i++) {
    const next: number[][] = [[1]];
    for (let j = 1; j <= n; j++) {
      const d = new Array<number>(i * j + 1).fill(0);
      const fromA = row[j]!; // (i-1, j), shifted by j
      const fromB = next[j - 1]!; // (i, j-1)
      for (let u = 0; u < fromA.length; u++) d[u + j]! += (fromA[u]! * i) / (i + j);
      for (let u = 0; u < fromB.length; u++) d[u]! += (fromB[u]! * j) / (i + j);
      next.push(d);
    }
    row = next;
  }
  return row[n]!;
}

function cumulative(pmf: readonly number[]): number[] {
  let s = 0;
  return pmf.map((p) => (s += p));
}

/** Midranks of the pooled sample: the rank sum of `b` and Σ(t³ - t) over groups of t tied values. */
function ranks(a: readonly number[], b: readonly number[]): { rankSumB: number; tieTerm: number } {
  const pooled = [...a.map((v) => ({ v, b: false })), ...b.map((v) => ({ v, b: true }))].sort((x, y) => x.v - y.v);
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < pooled.length;) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++;
    const t = j - i + 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (pooled[k]!.b) rankSumB += rank;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { rankSumB, tieTerm };
}

export function mannWhitney(a: readonly number[], b: readonly number[], alpha = 0.05): MannWhitney {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new Error('mannWhitney needs values on both sides');
  const { rankSumB, tieTerm } = ranks(a, b);
  const u = rankSumB - (n * (n + 1)) / 2;
  const ties = tieTerm > 0;
  const N = m + n;
  const mean = (m * n) / 2;
  const sd = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  const exact = !ties && m < EXACT_BELOW && n < EXACT_BELOW;
  // cdf(x) = P(U <= x) under the null hypothesis.
  let cdf: (x: number) => number;
  if (exact) {
    const c = cumulative(exactUDistribution(m, n));
    cdf = (x) => (x < 0 ? 0 : c[Math.min(c.length - 1, Math.floor(x))]!);
  } else {
    cdf = (x) => (sd === 0 ? (x >= mean ? 1 : 0) : normalCdf((x + 0.5 - mean) / sd));
  }
  // Two-sided: twice the smaller tail, P(U <= u) or P(U >= u) = P(U <= mn - u) by symmetry.
  const pValue = sd === 0 ? 1 : Math.min(1, 2 * cdf(Math.min(u, m * n - u)));
  return { u, nA: m, nB: n, pValue, method: exact ? 'exact' : 'normal', ties, shift: shiftInterval(a, b, cdf, alpha) };
}

function shiftInterval(
  a: readonly number[],
  b: readonly number[],
  cdf: (x: number) => number,
  alpha: number,
): ShiftInterval {
  const d: number[] = [];
  for (const y of b) for (const x of a) d.push(y - x);
  d.sort((x, y) => x - y);
  const mn = d.length;
  let k = 1;
  while (k + 1 <= mn + 1 - (k + 1) && 2 * cdf(k) <= alpha) k++;
  const mid = (mn - 1) / 2;
  return {
    estimate: (d[Math.floor(mid)]! + d[Math.ceil(mid)]!) / 2,
    low: d[k - 1]!,
    high: d[mn - k]!,
    coverage: Math.max(0, 1 - 2 * cdf(k - 1)),
  };
}
