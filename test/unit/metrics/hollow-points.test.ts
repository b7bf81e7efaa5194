// Simulator health as metric points, through the project's line-protocol codec.
import { describe, expect, it } from 'vitest';
import type { FleetStats } from '../../../harness/hollow/fleet.js';
import { simulatorMissedHeartbeats } from '../../../harness/metrics/measurements/hollow-sim.js';
import { healthPoints } from '../../../harness/metrics/collectors/hollow.js';
import { decodeLine, encodePoint } from '../../../harness/metrics/line-protocol.js';

const stats = (missed: number): FleetStats => ({
  pid: 1,
  workers: { total: 10, paused: 1, connecting: 0, ready: 9, reconnecting: 0, removed: 0, killed: 1 },
  tasks: { running: 20 },
  health: {
    eventLoopLagMs: { p50: 1, p99: 5.5, max: 12 },
    heartbeatRttMs: { count: 20, p50: 2.5, p95: 4, p99: 6, max: 7, mean: 3 },
    heartbeatsSent: 20,
    heartbeatsFailed: 0,
    heartbeatsMissed: missed,
    cpuPercent: 3.2,
    intervalMs: 10_000,
  },
  memory: { rssBytes: 1000, heapUsedBytes: 500 },
});

describe('healthPoints', () => {
  it('writes one point per process that survives the line-protocol round trip', () => {
    const points = healthPoints([stats(0), stats(2)], 1_700_000_000_000, { run: 'r1' });
    expect(points).toHaveLength(2);
    const back = decodeLine(encodePoint(points[1]!))!;
    expect(back.tags).toMatchObject({ run: 'r1', process: '1' });
    expect(back.fields).toMatchObject({ ready: 9, heartbeats_missed: 2, cpu_percent: 3.2, event_loop_lag_max_ms: 12 });
    expect(simulatorMissedHeartbeats(points)).toBe(2);
  });
});
