// Like with like: compare names what differs between two runs' swarms and hosts that would move
// their figures by itself (a fresh against a reused swarm, another engine, a slower host, a busier
// start), so a reader does not take it for a regression.
import { describe, expect, it } from 'vitest';
import { unlikeHosts } from '../../../harness/report/compare.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';

const run = (o: { fresh?: boolean; engine?: string; nested?: number; load?: number }) =>
  ({
    cluster: { nodes: 10, fresh: o.fresh },
    environment: { engineVersion: o.engine ?? '20.10.24', cpus: 2, loadAtStart: o.load },
    metrics:
      o.nested === undefined ? {} : { 'scale.nested_rate': { value: o.nested, unit: 'per_s', better: 'bigger' } },
  }) as unknown as RunSummary;

describe('unlike runs', () => {
  it('says nothing of two runs alike', () => {
    expect(
      unlikeHosts(run({ fresh: true, nested: 6, load: 0.5 }), run({ fresh: true, nested: 5.5, load: 1.2 })),
    ).toEqual([]);
  });

  it('names a fresh against a reused swarm, another engine, a slower host and a busier start', () => {
    const w = unlikeHosts(
      run({ fresh: true, nested: 6, load: 0.2 }),
      run({ fresh: false, engine: '24.0.1', nested: 4, load: 3.4 }),
    );
    expect(w).toHaveLength(4);
    expect(w[0]).toMatch(/baseline ran on a fresh swarm, this run on a reused one .*swarmkit#2763/);
    expect(w[1]).toBe('different engine versions: baseline 20.10.24, this run 24.0.1');
    expect(w[2]).toMatch(/nodes' own start rate differed: baseline 6\.00\/s, this run 4\.00\/s/);
    expect(w[3]).toBe("the host's load at the start differed: baseline 0.2, this run 3.4 (on 2 cores)");
  });

  it('leaves out what an older run did not record', () => {
    expect(unlikeHosts(run({}), run({ fresh: false, load: 5 }))).toEqual([]);
  });
});
