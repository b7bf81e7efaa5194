// history names runs unlike most of the others, by the rules compare applies to two runs
// (report/like-with-like.ts): another engine, a host busy at the start, a slower host by the
// nodes' own start rate; runs that do not record a fact are neither the norm nor the exception.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHistory, likeTheNewest } from '../../../harness/history/history.js';
import { loadHistoryRuns, type HistoryRun } from '../../../harness/history/runs.js';

const run = (i: number, o: Partial<HistoryRun> & { nested?: number } = {}): HistoryRun => {
  const { nested, ...rest } = o;
  return {
    id: `run-${i}`,
    dir: `/reports/run-${i}`,
    startMs: Date.UTC(2026, 11, 1) + i * 86_400_000,
    repetitions: 1,
    verdict: 'pass',
    nodes: 10,
    params: '{"replicas":200}',
    fresh: true,
    engineVersion: '20.10.24',
    cpus: 2,
    loadAtStart: 0.4,
    metrics: nested === undefined ? {} : { 'scale.nested_rate': { value: nested, unit: 'per_s', better: 'bigger' } },
    ...rest,
  };
};

const warnings = (runs: HistoryRun[]) => buildHistory('alpine-top-scale', runs).warnings;

describe('unlike runs in a history', () => {
  it('says nothing of runs alike', () => {
    expect(warnings([0, 1, 2, 3].map((i) => run(i, { nested: 6 + i * 0.2, loadAtStart: 0.9 })))).toEqual([]);
  });

  it('names runs on another engine version than most', () => {
    const runs = [run(0), run(1, { engineVersion: '24.0.1' }), run(2), run(3)];
    expect(warnings(runs)).toEqual(["another engine version than most runs' 20.10.24: run-1"]);
  });

  it('names runs whose host load at the start exceeded half its cores', () => {
    const runs = [
      run(0),
      run(1, { loadAtStart: 1.01 }),
      run(2, { loadAtStart: 1 }),
      run(3, { loadAtStart: 3.9, cpus: 8 }),
    ];
    expect(warnings(runs)).toEqual([
      'a host load at the start above 50 % of its cores (the nodes shared the CPU): run-1',
    ]);
  });

  it('names runs whose nested start rate is more than 25 % from the median of the runs', () => {
    const runs = [run(0, { nested: 6 }), run(1, { nested: 4.4 }), run(2, { nested: 6.2 }), run(3, { nested: 7.6 })];
    // Median 6.1: 4.4 is 27.9 % below it, 7.6 24.6 % above.
    const w = warnings(runs);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /^the nodes' own start rate \(scale\.nested_rate\) more than 25 % from the runs' median 6\.10\/s \(the host was not as fast: compare scale\.efficiency rather than rates\): run-1$/,
    );
  });

  it('leaves out facts a run did not record, and does not let them set the norm', () => {
    const unknown = { engineVersion: undefined, cpus: undefined, loadAtStart: undefined };
    const runs = [run(0, unknown), run(1, unknown), run(2, unknown), run(3, { loadAtStart: 3, cpus: undefined })];
    expect(warnings(runs)).toEqual([]);
  });

  it('keeps the older warnings: parameters, cluster size, fresh against reused', () => {
    const runs = [run(0), run(1, { params: '{"replicas":300}' }), run(2, { nodes: 5 }), run(3, { fresh: false })];
    expect(warnings(runs)).toEqual([
      'other scenario parameters than most runs: run-1',
      'another cluster size than most runs: run-2',
      'a fresh swarm where others reused one (a reused manager works differently: moby/swarmkit#2763): run-0, run-1, run-2',
    ]);
  });
});

describe('the host facts of a run directory', () => {
  it('are read from summary.json, and left undefined where an older summary has none', () => {
    const root = mkdtempSync(join(tmpdir(), 'swarmbench-history-unit-'));
    try {
      const write = (name: string, environment?: object) => {
        mkdirSync(join(root, name));
        const run = { id: name, scenario: 's', start: '2026-12-01T00:00:00Z', verdict: 'pass', complete: true };
        writeFileSync(
          join(root, name, 'summary.json'),
          JSON.stringify({ run, cluster: { nodes: 3 }, metrics: {}, environment }),
        );
      };
      write('new', { engineVersion: '24.0.1', cpus: 4, loadAtStart: 2.5 });
      write('old');
      const runs = loadHistoryRuns(root, 's');
      expect(runs.find((r) => r.id === 'new')).toMatchObject({ engineVersion: '24.0.1', cpus: 4, loadAtStart: 2.5 });
      expect(runs.find((r) => r.id === 'old')).toMatchObject({ engineVersion: undefined, cpus: undefined });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the runs like the newest', () => {
  it('keeps the runs with the newest run parameters and cluster size, in order', () => {
    const runs = [run(0), run(1, { params: '{"replicas":40}' }), run(2), run(3, { nodes: 4 }), run(4)];
    const { like, other } = likeTheNewest(runs);
    expect(like.map((r) => r.id)).toEqual(['run-0', 'run-2', 'run-4']);
    expect(other.map((r) => r.id)).toEqual(['run-1', 'run-3']);
    expect(likeTheNewest([])).toEqual({ like: [], other: [] });
  });
});
