// Errors that carry their exit code, cause and fix, so the CLI can print one clear sentence
// and exit with the documented code. Library code throws these; only cli/ calls process.exit.

/** Documented exit codes (README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  /** An SLO failed, a `validity: required` run was not valid, a comparison found a regression, or `doctor` found the host unable to run a cluster. */
  failed: 1,
  /** Bad input: a wrong scenario file, flag or argument. Nothing was created. */
  badInput: 2,
  /** Infrastructure: engine missing, node would not start, InfluxDB unreachable when required. */
  infrastructure: 3,
  /** Interrupted by the user (Ctrl-C). */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** What the user can do about it, as one sentence. */
  fix?: string;
  cause?: unknown;
}

export class SwarmbenchError extends Error {
  readonly exitCode: ExitCode;
  readonly fix?: string;

  constructor(message: string, exitCode: ExitCode, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.fix = details.fix;
  }
}

/** The user's input is wrong; nothing was created. Exit 2. */
export class BadInputError extends SwarmbenchError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.badInput, details);
  }
}

/** Something outside the harness failed: the engine, a node, InfluxDB. Exit 3. */
export class InfrastructureError extends SwarmbenchError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, ExitCode.infrastructure, details);
  }
}

/** The one sentence (plus fix) a person sees for any error. */
export function describeError(err: unknown): string {
  if (err instanceof SwarmbenchError) {
    return err.fix ? `${err.message}\n  fix: ${err.fix}` : err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

export function exitCodeOf(err: unknown): ExitCode {
  return err instanceof SwarmbenchError ? err.exitCode : ExitCode.infrastructure;
}
