// One image build at a time: a free lock is taken at once, a lock left by a dead process is
// taken over, and a live holder is waited for (announced once) until it lets go.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withBuildLock } from '../../../harness/images/lock.js';
import { silentLogger, type Logger } from '../../../harness/util/log.js';
import type { Clock } from '../../../harness/util/retry.js';

const dirs: string[] = [];
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-lock-'));
  dirs.push(dir);
  return join(dir, 'build.lock');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('withBuildLock', () => {
  it('takes a free lock, runs the body under it and removes it', async () => {
    const path = lockPath();
    const seen = await withBuildLock(path, silentLogger, async () => existsSync(path));
    expect(seen).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose holder is gone', async () => {
    const path = lockPath();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(path, String(gone));
    expect(await withBuildLock(path, silentLogger, async () => 'built')).toBe('built');
  });

  it('waits for a live holder, says so once, and builds when it lets go', async () => {
    const path = lockPath();
    writeFileSync(path, String(process.pid)); // held by a process that is alive
    const said: string[] = [];
    const log: Logger = { ...silentLogger, info: (m) => said.push(m) };
    const slept: number[] = [];
    let t = 0;
    const clock: Clock = {
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
        if (slept.length === 3) rmSync(path); // the other build ends
      },
    };
    expect(await withBuildLock(path, log, async () => 'built', clock)).toBe('built');
    expect(slept).toEqual([1000, 1000, 1000]);
    expect(said).toEqual([`another image build holds ${path}; waiting for it`]);
  });
});
