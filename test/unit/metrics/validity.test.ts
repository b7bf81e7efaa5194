// The validity verdict: /proc parsing, the fold's shares per step, and the verdict in words, from
// points such as a saturated host, a late harness and a simulator that missed heartbeats write.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodePoint } from '../../../harness/metrics/line-protocol.js';
import { buildReports } from '../../../harness/report/build.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';
import type { Point } from '../../../harness/metrics/measurements.js';
import { validityOf } from '../../../harness/metrics/measurements/validity.js';
import { SummaryBuilder } from '../../../harness/metrics/summary.js';
import { busyPercent, parseMeminfo, parseProcStat } from '../../../harness/util/proc-stat.js';

const host = (step: string, cpu: number, t: number): Point => ({
  measurement: 'host',
  tags: { step },
  fields: { cpu_percent: cpu, cores: 2, mem_available_bytes: 8e9, mem_total_bytes: 16e9 },
  timeMs: t,
});
const harness = (step: string, cpu: number, lag: number, t: number): Point => ({
  measurement: 'harness',
  tags: { step },
  fields: { cpu_percent: cpu, event_loop_lag_ms: lag, rss_bytes: 1 },
  timeMs: t,
});

function summarize(points: Point[]) {
  const b = new SummaryBuilder();
  for (const p of points) b.observe(p);
  return b.build([
    { name: 'ramp', index: 0, startMs: 0, endMs: 10_000 },
    { name: 'idle', index: 1, startMs: 10_000, endMs: 20_000 },
  ]);
}

describe('/proc readings', () => {
  it('takes busy and total jiffies from the cpu line and turns two readings into % of one core', () => {
    const a = parseProcStat('cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n')!;
    const b = parseProcStat('cpu  250 0 150 750 150 0 0 0 0 0\n')!;
    expect(a).toEqual({ busy: 200, total: 1000 });
    // 200 of 300 jiffies busy on 2 cores: 133 % of one core.
    expect(busyPercent(a, b, 2)).toBeCloseTo(133.33, 1);
    expect(parseProcStat('nonsense')).toBeUndefined();
    expect(parseMeminfo('MemTotal:       16000 kB\nMemFree: 1 kB\nMemAvailable:    4000 kB\n')).toEqual({
      totalBytes: 16_384_000,
      availableBytes: 4_096_000,
    });
  });
});

describe('validity', () => {
  it('a step with the host at ≥ 90 % of its cores most of the time is host-bound; the idle one is valid', () => {
    const points = [
      ...Array.from({ length: 10 }, (_, i) => host('ramp', i < 8 ? 190 : 100, i * 1000)),
      ...Array.from({ length: 10 }, (_, i) => host('idle', 20, 10_000 + i * 1000)),
      ...Array.from({ length: 20 }, (_, i) => harness(i < 10 ? 'ramp' : 'idle', 5, 0, i * 1000)),
    ];
    const values = summarize(points);
    expect(values['step.ramp.validity.host_busy_share']).toBe(0.8);
    expect(values['step.idle.validity.host_busy_share']).toBe(0);
    expect(values['validity.host_busy_share']).toBe(0.4);
    const ramp = validityOf(values, 'step.ramp.');
    expect(ramp.verdict).toBe('host-bound');
    expect(ramp.meaning).toBe("rates and latencies are this machine's capacity, not Swarm's");
    expect(ramp.evidence[0]).toBe('host saturated in 80 % of its seconds (mean 172 % of 200 % CPU)');
    expect(validityOf(values, 'step.idle.').verdict).toBe('valid');
    expect(validityOf(values).verdict).toBe('valid'); // 40 %: not most of the run
  });

  it('a late harness is harness-bound, missed heartbeats simulator-bound, and the host comes first', () => {
    const late = summarize([host('ramp', 50, 0), ...[0, 1, 2].map((i) => harness('ramp', 95, 300, i * 1000))]);
    expect(validityOf(late).verdict).toBe('harness-bound');
    const sim: Point = {
      measurement: 'hollow_sim',
      tags: { step: 'ramp' },
      fields: { heartbeats_missed: 4 },
      timeMs: 0,
    };
    const flapped = summarize([host('ramp', 50, 0), harness('ramp', 5, 0, 0), sim]);
    expect(validityOf(flapped)).toMatchObject({
      verdict: 'simulator-bound',
      evidence: expect.arrayContaining(['the hollow-worker simulator missed 4 heartbeats']),
    });
    const both = summarize([host('ramp', 199, 0), sim]);
    expect(validityOf(both).verdict).toBe('host-bound');
  });

  it('without samples the verdict is unknown, never valid', () => {
    expect(validityOf({}).verdict).toBe('unknown');
  });
});

describe('validity in the reports', () => {
  const root = mkdtempSync(join(tmpdir(), 'swarmbench-validity-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('summary.json, the report banner and junit.xml say host-bound when the host was saturated', async () => {
    const dir = join(root, 'run');
    const record = writeFixtureRun(dir, { kind: 'scale' });
    const step = record.steps[1]!;
    const lines = Array.from({ length: 20 }, (_, i) =>
      encodePoint({
        ...host(step.name, 195, step.startMs + i * 500),
        tags: { step: step.name, run: record.id, scenario: record.scenario },
      }),
    );
    appendFileSync(join(dir, 'metrics.lp'), `${lines.join('\n')}\n`);
    const r = await buildReports(dir, { now: new Date('2026-12-03T00:00:00Z') });
    expect(r.summary.validity).toMatchObject({ verdict: 'host-bound' });
    expect(r.summary.validity!.steps.find((v) => v.step === step.name)?.verdict).toBe('host-bound');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(
      /> \*\*Validity: host-bound: rates and latencies are this machine's capacity, not Swarm's \(host saturated in 100 % of its seconds/,
    );
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/id="validity"><p>Validity: host-bound/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<property name="validity" value="host-bound"\/>/);
  });
});
