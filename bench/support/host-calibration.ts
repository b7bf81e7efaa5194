// The host's container-start calibration that every boot bench measures first and writes beside
// its figures (hosts of the same kind differ several-fold): 50 busybox containers, 8 at a time,
// as `swarmbench calibrate` does by default.
import { availableParallelism } from 'node:os';
import { connect } from '../../harness/docker/engine.js';
import { calibrateHost } from '../../harness/metrics/calibrate.js';
import type { LatencySummary } from '../../harness/metrics/percentiles.js';
import type { Logger } from '../../harness/util/log.js';

export interface BenchHost {
  cores: number;
  calibration: { containersPerSecond: number; concurrency: number; count: number; startLatencyMs?: LatencySummary };
}

const COUNT = 50;
const CONCURRENCY = 8;

export async function calibrateBenchHost(bench: string, log: Logger): Promise<BenchHost> {
  log.info(`calibrating the host (${COUNT} containers, ${CONCURRENCY} at a time)`);
  const c = await calibrateHost(connect(), {
    image: 'swarmbench/alpine:latest',
    count: COUNT,
    concurrency: CONCURRENCY,
    runId: `${bench}-${Date.now().toString(36)}`,
    log,
  });
  return {
    cores: availableParallelism(),
    calibration: {
      containersPerSecond: Number(c.containersPerSecond.toFixed(2)),
      concurrency: CONCURRENCY,
      count: COUNT,
      startLatencyMs: c.startLatencyMs,
    },
  };
}
