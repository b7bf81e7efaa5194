// E-divisive means: hierarchical divisive change-point detection with the energy statistic
// (Matteson & James, "A Nonparametric Approach for Multiple Change Point Analysis of Multivariate
// Data", JASA 109(505), 2014), the method Hunter (datastax-labs/hunter; Fleming et al., ICPE 2023)
// and so orion run over benchmark history, through MongoDB's signal-processing-algorithms:
// - a segment splits at the τ maximizing Q̂ = (m·n/(m+n))·Ê(X, Y) over X = [s, τ), Y = [τ, κ),
//   with Ê = 2/(mn)·Σ|x-y|^a - 1/C(m,2)·Σ|x-x'|^a - 1/C(n,2)·Σ|y-y'|^a, the sample energy
//   distance (Székely & Rizzo), which estimates a quantity that is zero only when X and Y share
//   one distribution, whatever its shape. κ is searched too, as in the paper (MongoDB's code, and
//   so Hunter, fixes κ at the segment's end: see bestSplit);
// - of all segments' best splits the largest Q̂ is tested by permutation: the values are shuffled
//   within each current segment R times, and p = (1 + #{permuted max Q̂ >= Q̂}) / (R + 1), as in
//   the paper. A split with p <= alpha is kept and the search goes on; the first that is not
//   stops it.
// Hunter first ran this permutation test (100 permutations, p 0.01) and later replaced it with a
// t-test, deterministic and faster on long series. The permutation test is the paper's and assumes
// nothing of the noise; seeded (util/random.ts), a history gives the same answer every time. It
// costs about 2·R·n² steps per accepted change point: 4·10⁶ for a 100-run history.

import { mulberry32, type Random } from '../util/random.js';

export interface EDivisiveOptions {
  /** Significance level of the permutation test. */
  alpha: number;
  /** Shuffles per test; the smallest p possible is 1 / (permutations + 1). */
  permutations: number;
  /** Fewest values on each side of a split (at least 2: Ê needs pairs within each side). */
  minSegment: number;
  /** The exponent a of the distances: in (0, 2) Ê detects any change of distribution (1, the
   *  usual choice); 2 sees changes of the mean only. */
  exponent: number;
  seed: number;
  /** Stop after this many change points; no limit by default. */
  maxChangePoints?: number;
}

export interface EDivisiveChangePoint {
  /** First index of the new segment. */
  index: number;
  qHat: number;
  pValue: number;
}

/** Best split of v (indices local to v) by Q̂, both sides at least minSegment long. As in the
 *  paper, X = v[0, τ) and Y = v[τ, κ) for the best κ, not only κ = the end: a regression that was
 *  later fixed is a block in the middle, which Y-to-the-end dilutes with the runs after the fix
 *  (with κ fixed, the block of 10 runs at +25 % among 45 runs of 5 % noise in change-points.test.ts
 *  came out at p 0.035 only; with κ searched, at the smallest p 199 permutations can give). With
 *  column prefix sums of the distances every (τ, κ) costs O(1): L² steps and 8·L² bytes for a
 *  segment of L values (8 MB for 1,000 runs). */
export function bestSplit(
  v: readonly number[],
  minSegment: number,
  exponent = 1,
): { tau: number; kappa: number; qHat: number } | undefined {
  const L = v.length;
  if (L < 2 * minSegment) return undefined;
  // col[i·L + j] = Σ_{k<i} |v_k - v_j|^a
  const col = new Float64Array((L + 1) * L);
  for (let i = 0; i < L; i++)
    for (let j = 0; j < L; j++) {
      const d = Math.abs(v[i]! - v[j]!);
      col[(i + 1) * L + j] = col[i * L + j]! + (exponent === 1 ? d : d ** exponent);
    }
  let best: { tau: number; kappa: number; qHat: number } | undefined;
  let withinX = 0; // Σ over pairs in v[0, τ)
  for (let tau = 1; tau <= L - minSegment; tau++) {
    withinX += col[(tau - 1) * L + tau - 1]!;
    if (tau < minSegment) continue;
    const m = tau;
    let cross = 0;
    let withinY = 0;
    for (let kappa = tau + 1; kappa <= L; kappa++) {
      const e = kappa - 1; // joins Y
      cross += col[tau * L + e]!;
      withinY += col[e * L + e]! - col[tau * L + e]!;
      const n = kappa - tau;
      if (n < minSegment) continue;
      const energy = (2 * cross) / (m * n) - (2 * withinX) / (m * (m - 1)) - (2 * withinY) / (n * (n - 1));
      const qHat = ((m * n) / (m + n)) * energy;
      if (!best || qHat > best.qHat) best = { tau, kappa, qHat };
    }
  }
  return best;
}

function shuffled(v: readonly number[], random: Random): number[] {
  const out = [...v];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The largest Q̂ of any segment's best split; bounds are [0, …cut points…, n]. */
function bestOverSegments(
  series: readonly number[],
  bounds: readonly number[],
  o: EDivisiveOptions,
  permute?: Random,
): EDivisiveChangePoint | undefined {
  let best: EDivisiveChangePoint | undefined;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const s = bounds[k]!;
    let segment = series.slice(s, bounds[k + 1]!);
    if (permute) segment = shuffled(segment, permute);
    const split = bestSplit(segment, o.minSegment, o.exponent);
    if (split && (!best || split.qHat > best.qHat)) best = { index: s + split.tau, qHat: split.qHat, pValue: 1 };
  }
  return best;
}

/** Change points in index order, each with the p-value of the test that accepted it. */
export function eDivisive(series: readonly number[], o: EDivisiveOptions): EDivisiveChangePoint[] {
  if (o.minSegment < 2) throw new Error('E-divisive needs minSegment >= 2');
  if (!(o.exponent > 0 && o.exponent <= 2)) throw new Error('E-divisive needs an exponent in (0, 2]');
  const random = mulberry32(o.seed);
  const found: EDivisiveChangePoint[] = [];
  while (found.length < (o.maxChangePoints ?? Number.POSITIVE_INFINITY)) {
    const bounds = [0, ...found.map((c) => c.index).sort((a, b) => a - b), series.length];
    const candidate = bestOverSegments(series, bounds, o);
    if (!candidate) break;
    let atLeast = 0;
    for (let r = 0; r < o.permutations; r++) {
      const permuted = bestOverSegments(series, bounds, o, random);
      if (permuted && permuted.qHat >= candidate.qHat) atLeast++;
      // Past alpha already: the rest cannot bring p back, and a rejected candidate ends the search
      // (so the p-values of accepted change points are those of all R shuffles).
      if ((1 + atLeast) / (1 + o.permutations) > o.alpha) break;
    }
    candidate.pValue = (1 + atLeast) / (1 + o.permutations);
    if (candidate.pValue > o.alpha) break;
    found.push(candidate);
  }
  return found.sort((a, b) => a.index - b.index);
}
