// Logging for long work: a live status line on a terminal, plain timestamped lines in CI logs.
// Everything goes to stderr (stdout is for results and --json) and, when a run directory
// exists, to its run.log. All text passes through redact() so no secret is ever written.
import { appendFileSync } from 'node:fs';
import { redact } from './redact.js';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'none';
type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** A progress update: redrawn in place on a terminal, printed at most every plainIntervalMs otherwise. */
  progress(msg: string, opts?: { force?: boolean }): void;
  /** Also append every line to this file (the run directory's run.log). */
  addFile(path: string): void;
}

export interface LoggerOptions {
  mode?: ProgressMode;
  verbose?: boolean;
  stream?: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  plainIntervalMs?: number;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const stream = opts.stream ?? process.stderr;
  const requested = opts.mode ?? 'auto';
  const mode: Exclude<ProgressMode, 'auto'> =
    requested === 'auto' ? (stream.isTTY && !process.env.CI ? 'tty' : 'plain') : requested;
  const plainInterval = opts.plainIntervalMs ?? 5000;
  const files: string[] = [];
  let statusShown = false;
  let lastPlainProgress = 0;

  const stamp = () => new Date().toISOString();
  const toFiles = (level: string, msg: string) => {
    for (const f of files) {
      try {
        appendFileSync(f, `${stamp()} ${level} ${msg}\n`);
      } catch {
        // A run log that cannot be written must not stop the run; stderr still has it.
      }
    }
  };
  const clearStatus = () => {
    if (statusShown) {
      stream.write('\r\x1b[2K');
      statusShown = false;
    }
  };
  const line = (level: Level, raw: string) => {
    const msg = redact(raw);
    toFiles(level, msg);
    if (level === 'debug' && !opts.verbose) return;
    if (mode === 'none' && level !== 'error' && level !== 'warn') return;
    clearStatus();
    const prefix = level === 'info' ? '' : `${level}: `;
    stream.write(mode === 'tty' ? `${prefix}${msg}\n` : `${stamp()} ${prefix}${msg}\n`);
  };

  return {
    debug: (m) => line('debug', m),
    info: (m) => line('info', m),
    warn: (m) => line('warn', m),
    error: (m) => line('error', m),
    progress(raw, popts) {
      const msg = redact(raw);
      if (mode === 'tty') {
        stream.write(`\r\x1b[2K${msg}`);
        statusShown = true;
      } else if (mode === 'plain') {
        const now = Date.now();
        if (popts?.force || now - lastPlainProgress >= plainInterval) {
          lastPlainProgress = now;
          stream.write(`${stamp()} ${msg}\n`);
          toFiles('progress', msg);
        }
      }
    },
    addFile(path) {
      files.push(path);
    },
  };
}

/** A logger that drops everything; for library calls from tests. */
export const silentLogger: Logger = createLogger({ mode: 'none', stream: { write: () => true } });
