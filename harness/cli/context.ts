// What every command handler gets: global options, a logger, and the one place that turns a
// result or an error into output and an exit code. Only cli/ prints for people or exits.
import { createLogger, type Logger, type ProgressMode } from '../util/log.js';
import { describeError, exitCodeOf, ExitCode } from '../errors.js';
import { redactValue } from '../util/redact.js';
import { explainEngineError } from '../docker/engine.js';

export interface GlobalArgs {
  progress: ProgressMode;
  verbose: boolean;
}

export interface CommandContext {
  log: Logger;
  /** Prints a result for people (stdout). */
  print(text: string): void;
  /** Prints one JSON document (stdout), secrets redacted. */
  printJson(value: unknown): void;
}

// A reader that stops early (`swarmbench runs ls | head`) closes stdout; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(ExitCode.ok);
  throw err;
});

export function makeContext(args: GlobalArgs): CommandContext {
  const log = createLogger({ mode: args.progress, verbose: args.verbose });
  return {
    log,
    // Block bodies: write()'s boolean must not leak out, since handlers `return ctx.print(...)`
    // and runCommand would pass it to process.exit, which Node rejects.
    print: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    printJson: (value) => {
      process.stdout.write(`${JSON.stringify(redactValue(value), null, 2)}\n`);
    },
  };
}

/**
 * Runs a command body and exits with its code. The body returns the exit code (0 when it
 * returns nothing); a thrown SwarmbenchError prints its one-sentence cause and fix.
 */
export async function runCommand(
  args: GlobalArgs,
  body: (ctx: CommandContext) => Promise<number | void>,
): Promise<never> {
  const ctx = makeContext(args);
  let code: number;
  try {
    code = (await body(ctx)) ?? ExitCode.ok;
  } catch (caught) {
    const err = explainEngineError(caught);
    ctx.log.error(describeError(err));
    if (args.verbose && err instanceof Error && err.stack) ctx.log.debug(err.stack);
    code = exitCodeOf(err);
  }
  // Let stdout drain before exiting so piped --json output is complete.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
