// junit.xml (one case per SLO, failed SLO = failed case) and bench.json (github-action-benchmark).
import { describe, expect, test } from 'vitest';
import { buildBench } from '../../../harness/report/bench.js';
import { buildJunit } from '../../../harness/report/junit.js';
import type { RunSummary } from '../../../harness/report/summary-schema.js';
import { summaryFixture } from './summary-fixture.js';

describe('junit.xml', () => {
  test('one test case per SLO plus the run; failed and no-data SLOs are failures', () => {
    const xml = buildJunit(summaryFixture());
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('tests="4" failures="2" errors="0"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('name="tasks.startup_latency.p99 &lt; 30s"');
    expect(xml).toMatch(/<failure type="slo" message="tasks.startup_latency.p99 was 31.2 s, expected &lt; 30 s">/);
    expect(xml).toMatch(/<failure type="no-data"/);
    expect(xml).toContain('classname="swarmbench.alpine-top-scale"');
  });

  test('an incomplete run fails its "run completed" case; an error run errors it', () => {
    const incomplete = summaryFixture({ run: { complete: false, verdict: 'incomplete', status: 'running' } });
    expect(buildJunit(incomplete)).toMatch(/<testcase [^>]*name="run completed"[^>]*>\s*<failure type="incomplete"/);
    const errored = summaryFixture({
      run: { verdict: 'error', status: 'error', reason: 'node bench-node-4 would not start' },
    });
    expect(buildJunit(errored)).toMatch(/<error type="error" message="node bench-node-4 would not start">/);
  });

  test('text is escaped and redacted', () => {
    const s = summaryFixture({
      run: { verdict: 'error', status: 'error', reason: 'join with SWMTKN-1-abc123-def456 failed <&>' },
    });
    const xml = buildJunit(s);
    expect(xml).not.toContain('SWMTKN-1-abc123');
    expect(xml).toContain('failed &lt;&amp;&gt;');
  });
});

describe('bench.json', () => {
  test('every headline metric with name, unit, value and its direction', () => {
    const entries = buildBench(summaryFixture());
    expect(entries).toContainEqual({
      name: 'alpine-top-scale: tasks.startup_latency.p99',
      unit: 'ms',
      value: 31200,
      extra: expect.stringMatching(/^smaller is better; run r1/) as unknown as string,
    });
    expect(entries.find((e) => e.name.endsWith('scale.tasks_per_second'))?.extra).toMatch(/^bigger is better/);
  });

  test('split files per direction for the action’s customSmallerIsBetter / customBiggerIsBetter', () => {
    const s = summaryFixture();
    expect(buildBench(s, 'smaller').every((e) => e.extra.startsWith('smaller'))).toBe(true);
    expect(buildBench(s, 'bigger').map((e) => e.name)).toEqual(['alpine-top-scale: scale.tasks_per_second']);
  });

  test('an incomplete run adds nothing to benchmark history', () => {
    const s: RunSummary = summaryFixture({ run: { complete: false, verdict: 'incomplete' } });
    expect(buildBench(s)).toEqual([]);
  });
});
