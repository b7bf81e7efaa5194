// One image build at a time per cache directory: two harness processes (or a test and a
// developer) building at once would debootstrap into the same root.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { Logger } from '../util/log.js';
import { retryUntil, systemClock, type Clock } from '../util/retry.js';

function holderAlive(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Creates the lock file holding this process's pid; false when it cannot (it exists already). */
function create(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
}

export async function withBuildLock<T>(
  path: string,
  log: Logger,
  body: () => Promise<T>,
  clock: Clock = systemClock,
): Promise<T> {
  let announced = false;
  const take = async (): Promise<boolean> => {
    if (create(path)) return true;
    if (!holderAlive(path)) {
      rmSync(path, { force: true }); // left by a build that died
      if (create(path)) return true;
    }
    if (!announced) log.info(`another image build holds ${path}; waiting for it`);
    announced = true;
    return false;
  };
  // No deadline: the other build may take many minutes, and is announced above.
  await retryUntil(take, (taken) => taken, {
    timeoutMs: Number.POSITIVE_INFINITY,
    intervalMs: 1000,
    clock,
    onTimeout: () => new Error(`${path} is still held by another build`),
  });
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
  }
}
