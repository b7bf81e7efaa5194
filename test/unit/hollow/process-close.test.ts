// close() on a detached hollow worker process: one that obeys "shutdown" is gone when close()
// returns; one that ignores it is killed once the timeout has passed. The first runs the built
// process entry (no manager needed: it is never given a fleet).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultEntryPath, HollowProcess } from '../../../harness/hollow/process/controller.js';
import { retryUntil } from '../../../harness/util/retry.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function socketPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-hp-'));
  dirs.push(dir);
  return join(dir, 'p.sock');
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function attach(path: string): Promise<HollowProcess> {
  return retryUntil(
    () =>
      HollowProcess.attach(path).then(
        (p) => p,
        () => undefined,
      ),
    (p) => p !== undefined,
    {
      timeoutMs: 15_000,
      intervalMs: 100,
      onTimeout: () => new Error(`nothing listens on ${path}`),
    },
  ) as Promise<HollowProcess>;
}

// Answers "hello" and nothing else, and ignores SIGTERM: a stuck process.
const STUCK = `
  import { createServer } from 'node:net';
  process.on('SIGTERM', () => {});
  createServer((s) => {
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (chunk) => {
      buf += chunk;
      for (let nl = buf.indexOf('\\n'); nl >= 0; nl = buf.indexOf('\\n')) {
        const m = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (m.op === 'hello') s.write(JSON.stringify({ id: m.id, ok: true, result: { pid: process.pid } }) + '\\n');
      }
    });
  }).listen(process.argv[1]);`;

describe('HollowProcess.close', () => {
  it('waits for a process that shuts down when asked', { timeout: 30_000 }, async () => {
    const path = socketPath();
    const child = spawn(process.execPath, [defaultEntryPath(), '--socket', path], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const p = await attach(path);
    expect(p.pid).toBe(child.pid);
    const t0 = Date.now();
    await p.close(10_000);
    expect(Date.now() - t0).toBeLessThan(9_000);
    expect(await exited).toBe(0);
  });

  it('kills a process that is still there after the timeout', { timeout: 30_000 }, async () => {
    const path = socketPath();
    const child = spawn(process.execPath, ['--input-type=module', '-e', STUCK, path], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const p = await attach(path);
    await p.close(500);
    expect(await exited).toBe('SIGKILL');
    expect(alive(child.pid!)).toBe(false);
  });
});
