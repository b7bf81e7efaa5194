// One image build at a time per cache directory: two harness processes (or a test and a
// developer) building at once would debootstrap into the same root.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { Logger } from '../util/log.js';

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

export async function withBuildLock<T>(path: string, log: Logger, body: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      if (!holderAlive(path)) {
        rmSync(path, { force: true });
        continue;
      }
      if (!announced) log.info(`another image build holds ${path}; waiting for it`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(path, { force: true });
  }
}
