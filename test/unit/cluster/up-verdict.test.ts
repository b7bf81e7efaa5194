import { describe, expect, it } from 'vitest';
import { bootRecord, groupReasons, upVerdict } from '../../../harness/cluster/up-verdict.js';
import type { UpReport } from '../../../harness/cluster/up.js';
import type { PaceRecord } from '../../../harness/cluster/pace.js';

const pace = (mode: 'adaptive' | 'fixed', initial: number, peak: number, final: number): PaceRecord => ({
  name: 'x',
  mode,
  initial,
  peak,
  final,
  lowest: Math.min(initial, final),
  completed: 0,
  failed: 0,
  narrowings: 0,
  heldForSlow: 0,
  heldForBusyHost: 0,
  changes: [{ atMs: 0, limit: initial, reason: 'initial pace' }],
});

function report(over: Partial<UpReport>): UpReport {
  return {
    cluster: 'c',
    ready: 10,
    managers: 3,
    added: 10,
    elapsedMs: 1000,
    nodesPerSecond: 10,
    totalMs: 1000,
    failed: [],
    restarted: 0,
    notStarted: 0,
    minReady: 10,
    pace: { boots: [pace('adaptive', 2, 9, 6)], joins: pace('adaptive', 2, 8, 8) },
    ...over,
  };
}

describe('up verdict', () => {
  it('all Ready: one line with the pace, no fix', () => {
    const v = upVerdict(report({ restarted: 2 }), 10);
    expect(v.ok).toBe(true);
    expect(v.fix).toBeUndefined();
    expect(v.line).toBe(
      'cluster c: 10/10 nodes Ready (3 managers), 2 boots repeated, pace: boots 2→9→6 at a time, joins 2→8',
    );
  });

  it('short of --min-ready: fails, groups the reasons and says what to do', () => {
    const failed = [
      {
        name: 'c-node-7',
        host: 'local',
        reason: 'its engine exited while booting (exit code 1) (booted 3 times)',
        logs: '',
      },
      {
        name: 'c-node-8',
        host: 'local',
        reason: 'its engine exited while booting (exit code 1) (booted 3 times)',
        logs: '',
      },
      {
        name: 'c-node-9',
        host: 'local',
        reason: 'did not join before its deadline; last: Timeout was reached',
        logs: '',
      },
    ];
    const v = upVerdict(report({ ready: 7, failed }), 10);
    expect(v.ok).toBe(false);
    expect(v.line).toContain('7/10 nodes Ready');
    expect(v.line).toContain(
      '3 failed (2 × its engine exited while booting (exit code 1); 1 × did not join before its deadline)',
    );
    expect(v.line).toContain('fewer than the 10 needed');
    expect(v.fix).toContain('`swarmbench nodes add 3 --cluster c`');
  });

  it('short but within --min-ready: succeeds and still names what is missing', () => {
    const v = upVerdict(
      report({ ready: 9, minReady: 9, failed: [{ name: 'n', host: 'h', reason: 'x', logs: '' }] }),
      10,
    );
    expect(v.ok).toBe(true);
    expect(v.line).toContain('9 of at least 9 needed (--min-ready)');
    expect(v.fix).toContain('nodes add 1');
  });

  it('stopped early: says the host met its limit and points at doctor', () => {
    const v = upVerdict(report({ ready: 60, notStarted: 30, stoppedEarly: '10 nodes failed', failed: [] }), 100);
    expect(v.line).toContain('30 not started');
    expect(v.fix).toContain('this host met its limit (10 nodes failed)');
    expect(v.fix).toContain('swarmbench doctor');
  });

  it('hollow workers do not count as real nodes; a fixed pace says so', () => {
    const v = upVerdict(
      report({
        ready: 1010,
        hollow: { ready: 1000 } as UpReport['hollow'],
        pace: { boots: [pace('fixed', 8, 8, 8)], joins: pace('fixed', 4, 4, 4) },
      }),
      10,
    );
    expect(v.line).toContain('10/10 nodes Ready');
    expect(v.line).toContain('pace: boots 8 (fixed) at a time, joins 4 (fixed)');
  });

  it('the run record gets the boot: counts, the pace line and every change of pace in time order', () => {
    const r = report({ restarted: 1 });
    r.pace!.boots[0]!.changes.push({ atMs: 3000, limit: 5, reason: 'widened: quick (1.5 s), slow start' });
    r.pace!.joins.changes.push({ atMs: 1000, limit: 3, reason: 'widened: quick (0.4 s), slow start' });
    const b = bootRecord(r, 10);
    expect(b).toMatchObject({
      seconds: 1,
      wanted: 10,
      ready: 10,
      failed: 0,
      restarted: 1,
      pace: 'pace: boots 2→9→6 at a time, joins 2→8',
    });
    expect(b.paceChanges.map((c) => c.atMs)).toEqual([0, 0, 1000, 3000]);
  });

  it('groups reasons by what happened, most frequent first', () => {
    expect(groupReasons(['a (booted 3 times)', 'b', 'a (booted 2 times)'])).toBe('2 × a; 1 × b');
  });
});
