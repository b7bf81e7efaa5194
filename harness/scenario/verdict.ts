// How a run ends: status, exit code and the one last line saying which and why, from the SLO
// results and the error that stopped the steps (if any).
import type { RunStatus, SloResult } from '../run-record.js';
import { ExitCode, SwarmbenchError } from '../errors.js';
import { describeSlo } from './slo.js';

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
