// How a run ends: status, exit code and the one last line saying which and why, from the SLO
// results and the error that stopped the steps (if any), then from the validity verdict when the
// scenario says `validity: required`.
import type { RunStatus, SloResult } from '../run-record.js';
import { ExitCode, SwarmbenchError } from '../errors.js';
import { describeValidity, type Validity } from '../metrics/measurements/validity.js';
import { describeSlo } from './slo.js';
import type { ValidityDemand } from './types.js';

export interface Verdict {
  status: RunStatus;
  exitCode: number;
  reason: string;
}

export function verdictOf(slos: readonly SloResult[], error: unknown): Verdict {
  if (error !== undefined) {
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof SwarmbenchError ? error.exitCode : ExitCode.infrastructure;
    if (code === ExitCode.interrupted)
      return { status: 'interrupted', exitCode: code, reason: `INTERRUPTED: ${message}` };
    if (code === ExitCode.failed) return { status: 'failed', exitCode: code, reason: `FAILED: ${message}` };
    if (code === ExitCode.badInput) return { status: 'error', exitCode: code, reason: `BAD INPUT: ${message}` };
    return { status: 'error', exitCode: ExitCode.infrastructure, reason: `INFRASTRUCTURE: ${message}` };
  }
  const bad = slos.filter((s) => s.verdict !== 'pass');
  if (bad.length > 0) {
    return {
      status: 'failed',
      exitCode: ExitCode.failed,
      reason: `FAILED: ${bad.length} of ${slos.length} SLOs not met: ${bad.map(describeSlo).join('; ')}`,
    };
  }
  return {
    status: 'passed',
    exitCode: ExitCode.ok,
    reason: slos.length
      ? `PASSED: all ${slos.length} SLOs met`
      : 'PASSED: every step completed (the scenario has no SLOs)',
  };
}

export interface ValidityJudgement {
  verdict: Verdict;
  /** The validity in one phrase for the run's last line, after the reason; absent when the
   *  reason already says it, or when nothing was measured and nothing was demanded. */
  note?: string;
}

/**
 * The verdict once the run's validity is weighed. A run that failed or stopped already keeps its
 * verdict: that reason is the first thing to fix. Otherwise `required` fails a run whose figures
 * do not measure the swarm (an unknown verdict too: nothing shows that they do), and `advisory`
 * keeps the exit code and states the verdict.
 */
export function judgeValidity(verdict: Verdict, demand: ValidityDemand, validity: Validity): ValidityJudgement {
  const note = validity.verdict === 'unknown' ? undefined : describeValidity(validity);
  if (verdict.exitCode !== ExitCode.ok || validity.verdict === 'valid' || demand === 'advisory')
    return { verdict, note };
  const found = validity.verdict === 'unknown' ? 'it is unknown' : `the run was ${validity.verdict}`;
  return {
    verdict: {
      status: 'failed',
      exitCode: ExitCode.failed,
      reason: `FAILED: validity required but ${found} (${validity.evidence.join('; ')})`,
    },
  };
}
