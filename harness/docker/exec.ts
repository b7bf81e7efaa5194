// Running a command inside a container through its outer engine: how the harness reaches
// inner workers (no inner engine listens on TCP). Output is demultiplexed (no TTY) and the
// stream is destroyed on every path.
import type { Duplex } from 'node:stream';
import type { Engine } from './engine.js';
import { demuxToText } from './containers.js';

export interface ExecResult {
  exitCode: number;
  /** stdout and stderr together, in order. */
  output: string;
}

/**
 * Runs cmd in the container and waits for it. `env` keeps secrets (join tokens) off the
 * command line, so they never show in process listings inside the node.
 */
export async function execIn(
  engine: Engine,
  containerId: string,
  cmd: string[],
  opts: { env?: string[]; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const exec = await engine.api.getContainer(containerId).exec({
    Cmd: cmd,
    Env: opts.env,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: false })) as Duplex;
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve());
      stream.on('close', () => resolve());
      stream.on('error', reject);
      if (opts.timeoutMs) {
        timer = setTimeout(
          () => reject(new Error(`exec ${cmd[0]} timeout after ${opts.timeoutMs} ms`)),
          opts.timeoutMs,
        );
      }
    });
  } finally {
    if (timer) clearTimeout(timer);
    stream.destroy();
  }
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: demuxToText(Buffer.concat(chunks)) };
}
