// The swarmbench CLI as the benches run it: `node bin/swarmbench.js ARGS --progress plain`, its
// output kept, its exit code returned (a failing command is a result to record, not a throw).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function swarmbench(args: readonly string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve('bin/swarmbench.js'), ...args, '--progress', 'plain'],
      { maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = (err as { code?: unknown } | null)?.code;
        done({ stdout, stderr, exitCode: err ? (typeof code === 'number' ? code : 1) : 0 });
      },
    );
  });
}

/** Throws with the command's last lines when it failed: for benches that cannot go on without it. */
export async function swarmbenchOrThrow(args: readonly string[]): Promise<CliResult> {
  const r = await swarmbench(args);
  if (r.exitCode !== 0)
    throw new Error(`swarmbench ${args[0]} exited ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return r;
}
