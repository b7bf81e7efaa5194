// How the validity verdict weighs on a run's end: `required` fails a run whose figures measure
// something else than the swarm, `advisory` only states it, and an earlier failure keeps its reason.
import { describe, expect, it } from 'vitest';
import { ExitCode, InfrastructureError } from '../../../harness/errors.js';
import type { Validity } from '../../../harness/metrics/measurements/validity.js';
import { judgeValidity, verdictOf } from '../../../harness/scenario/verdict.js';

const passed = verdictOf([], undefined);
const valid: Validity = {
  verdict: 'valid',
  evidence: ['host never saturated'],
  meaning: 'the figures measure the swarm',
};
const hostBound: Validity = {
  verdict: 'host-bound',
  evidence: ['host saturated in 80 % of its seconds (mean 172 % of 200 % CPU)'],
  meaning: "rates and latencies are this machine's capacity, not Swarm's",
};
const unknown: Validity = { verdict: 'unknown', evidence: ['no host or harness samples were recorded'], meaning: '' };

describe('judgeValidity', () => {
  it('a valid run passes either way, and its last line says why it is valid', () => {
    for (const demand of ['required', 'advisory'] as const) {
      expect(judgeValidity(passed, demand, valid)).toEqual({
        verdict: passed,
        note: 'valid: the figures measure the swarm (host never saturated)',
      });
    }
  });

  it('required: a host-bound run fails (exit 1) with the evidence in its reason', () => {
    const j = judgeValidity(passed, 'required', hostBound);
    expect(j.verdict).toEqual({
      status: 'failed',
      exitCode: ExitCode.failed,
      reason:
        'FAILED: validity required but the run was host-bound (host saturated in 80 % of its seconds (mean 172 % of 200 % CPU))',
    });
    expect(j.note).toBeUndefined(); // the reason says it already
  });

  it('advisory: a host-bound run still passes, and the verdict is still stated', () => {
    expect(judgeValidity(passed, 'advisory', hostBound)).toEqual({
      verdict: passed,
      note: "host-bound: rates and latencies are this machine's capacity, not Swarm's (host saturated in 80 % of its seconds (mean 172 % of 200 % CPU))",
    });
  });

  it('an earlier error or SLO failure keeps precedence over a required validity', () => {
    const error = verdictOf([], new InfrastructureError('node n3 did not start'));
    expect(judgeValidity(error, 'required', hostBound)).toMatchObject({
      verdict: { status: 'error', exitCode: ExitCode.infrastructure, reason: 'INFRASTRUCTURE: node n3 did not start' },
      note: expect.stringMatching(/^host-bound: /),
    });
    const slo = verdictOf(
      [{ expr: 'x < 1', metric: 'x', op: '<', bound: 1, value: 2, unit: 'count', verdict: 'fail' }],
      undefined,
    );
    expect(judgeValidity(slo, 'required', hostBound).verdict).toBe(slo);
  });

  it('required: with no samples nothing shows the figures are valid, so the run fails; advisory says nothing', () => {
    expect(judgeValidity(passed, 'required', unknown).verdict).toMatchObject({
      exitCode: ExitCode.failed,
      reason: 'FAILED: validity required but it is unknown (no host or harness samples were recorded)',
    });
    expect(judgeValidity(passed, 'advisory', unknown)).toEqual({ verdict: passed, note: undefined });
  });
});
