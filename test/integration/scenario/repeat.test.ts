// `run --repeat 3` on a cluster that does not exist yet: the first repetition brings it up, the
// next two reuse it (their services removed between), the cluster is removed at the end, and the
// parent directory holds each repetition's run and repetitions.json/.md with every headline
// metric's values, median and interval, and the SLOs judged on the medians.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { list } from '../../../harness/cluster/index.js';
import type { RepetitionsFile } from '../../../harness/report/repetitions.js';
import { cleanupCluster, lastLine, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-repeat';

describe.sequential('run --repeat', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('runs three repetitions on one cluster and summarizes them', { timeout: 900_000 }, async () => {
    const r = await runScenarioCli('alpine-top-scale', CLUSTER, [
      '--nodes',
      '3',
      '--set',
      'replicas=6',
      '--set',
      'steps=2',
      '--set',
      'settle=1s',
      '--repeat',
      '3',
    ]);
    expect(r.code).toBe(0);
    expect(lastLine(r.stderr)).toMatch(
      /exit 0: PASSED: every SLO met on the medians; 3 of 3 repetitions ran, 3 passed on their own/,
    );
    const f = JSON.parse(readFileSync(join(r.runDir, 'repetitions.json'), 'utf8')) as RepetitionsFile;
    expect(f.repetitions.map((x) => [x.index, x.exitCode, x.freshCluster])).toEqual([
      [1, 0, true],
      [2, 0, false],
      [3, 0, false],
    ]);
    for (const x of f.repetitions) expect(existsSync(join(x.dir, 'report.html'))).toBe(true);
    const rate = f.summary.metrics['scale.tasks_per_second']!;
    expect(rate.values).toHaveLength(3);
    expect(rate.median).toBeGreaterThan(0);
    expect(rate.ci?.coverage).toBe(0.75);
    expect(f.slos.map((s) => s.verdict)).toEqual(['pass', 'pass']);
    expect(f.between.ms).toHaveLength(2);
    expect(f.between.shareOfRepetition).toEqual(expect.any(Number));
    // The wait for the workers' cleanup is known, so the time between is split in two.
    expect(f.between.cleanupMs).toHaveLength(2);
    expect(f.between.setupMs).toHaveLength(2);
    for (const [i, ms] of f.between.ms.entries())
      expect(f.between.cleanupMs![i]! + f.between.setupMs![i]!).toBeCloseTo(ms, -1);
    expect(readFileSync(join(r.runDir, 'repetitions.md'), 'utf8')).toContain('| scale.tasks_per_second |');
    // Each repetition says whether it found the swarm fresh or reused, and how many runs it served.
    const records = f.repetitions.map(
      (x) =>
        JSON.parse(readFileSync(join(x.dir, 'run.json'), 'utf8')) as {
          cluster: { fresh: boolean; runsServed: number };
        },
    );
    expect(records.map((x) => [x.cluster.fresh, x.cluster.runsServed])).toEqual([
      [true, 0],
      [false, 1],
      [false, 2],
    ]);
    // One nested start rate for the set, measured by the first repetition.
    const nested = f.repetitions.map(
      (x) => JSON.parse(readFileSync(join(x.dir, 'nested-calibration.json'), 'utf8')) as { measuredBy: string },
    );
    expect(new Set(nested.map((n) => n.measuredBy))).toEqual(new Set([f.repetitions[0]!.id]));
    expect(await list()).not.toContain(CLUSTER);
  });
});
