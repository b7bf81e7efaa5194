// A missing engine gives one sentence of cause and fix and exit code 3, not a stack trace.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('missing engine', () => {
  it('names the engine and the fix, exit 3', async () => {
    const err = await run('node', ['bin/swarmbench.js', 'images', 'ls', '--progress', 'plain'], {
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(3);
    expect(err?.stderr).toMatch(/Docker Engine "local" at unix:\/\/\/nonexistent\/docker.sock does not answer/);
    expect(err?.stderr).toMatch(/fix: /);
    expect(err?.stderr).not.toMatch(/\n\s+at /);
  });
});
