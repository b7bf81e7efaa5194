// The units a metric may have, which way is better, and below which change a difference is
// noise: the one table every figure's unit comes from (SLO bounds, compare, the docs). A metric
// names its unit in its measurement plug-in (measurements/*.ts); nothing else spells units out.

export type MetricUnit = 'ms' | 'per_s' | 'count' | 'ratio' | 'percent' | 'bytes';
export type Better = 'smaller' | 'bigger';

/** The statistics a distribution metric is given as: `<name>.p50` … `<name>.min`. */
export const STATS = ['p50', 'p90', 'p99', 'max', 'mean', 'min'] as const;
export type Stat = (typeof STATS)[number];

/** Absolute changes below these are noise whatever their relative size: 0.2 ms -> 0.4 ms of event
 *  loop lag is +100 % and means nothing. Counts have none: 0 -> 1 task lost is a real regression.
 *  A metric may set its own (MetricFamily.noiseFloor). */
export const UNIT_NOISE_FLOOR: Record<MetricUnit, number> = {
  ms: 50,
  percent: 1,
  bytes: 1024 * 1024,
  per_s: 0.05,
  ratio: 0.0001,
  count: 0,
};

export const UNIT_TEXT: Record<MetricUnit, string> = {
  ms: 'ms',
  per_s: 'per s',
  count: 'count',
  ratio: 'ratio',
  percent: '% of one core',
  bytes: 'bytes',
};
