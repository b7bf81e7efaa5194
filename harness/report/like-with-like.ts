// When two runs' swarms or hosts differed enough to move their figures by themselves (issue 14,
// "like with like"). `compare` applies these rules to a run and its baseline (compare.ts
// unlikeHosts), `history` to each run against most of the runs (history/history.ts): one place,
// so both draw the line at the same gap and say why in the same words.

/** Nested start rates (the nodes' own container start rate, measured by each run) this far apart,
 *  as a fraction, say the hosts or their load differed: the swarm's rates then differ for that
 *  reason alone. */
export const HOST_SPEED_GAP = 0.25;

/** The share of the host's cores a 1-minute load average at the start is measured against: loads
 *  this far apart (compare), or one above it (history), mean the nodes shared the CPU with
 *  something else. */
export const LOAD_SHARE_OF_CORES = 0.5;

/** The metric that holds a run's nested start rate. */
export const NESTED_RATE = 'scale.nested_rate';

export const REUSED_MANAGER_NOTE = 'a reused manager works differently: moby/swarmkit#2763';
export const SLOWER_HOST_NOTE = 'the host was not as fast: compare scale.efficiency rather than rates';

/** Whether `rate` is more than HOST_SPEED_GAP away from `reference` (relative to the reference). */
export const ratesApart = (rate: number, reference: number): boolean =>
  Math.abs(rate - reference) / reference > HOST_SPEED_GAP;

/** Whether a load (or a difference of loads) exceeds LOAD_SHARE_OF_CORES of `cores`. */
export const loadOverCores = (load: number, cores: number): boolean => load > cores * LOAD_SHARE_OF_CORES;
