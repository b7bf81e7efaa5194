// The built main of a hollow worker process (cli/hollow-main.ts, found by defaultEntryPath):
// forked, it answers over IPC and exits 0 when asked to shut down; started by hand with neither
// IPC nor --socket, it says how to start it and exits 2. No manager needed: it is never given a fleet.
import { fork, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultEntryPath } from '../../../harness/hollow/process/controller.js';

describe('hollow worker process main', () => {
  it('answers over IPC and exits 0 on shutdown', { timeout: 30_000 }, async () => {
    const child = fork(defaultEntryPath(), [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] });
    const replies: unknown[] = [];
    const code = await new Promise((resolve) => {
      child.on('message', (m: { id?: number }) => {
        replies.push(m);
        if (m.id === 1) child.send({ op: 'shutdown', id: 2 });
      });
      child.once('exit', resolve);
      child.send({ op: 'hello', id: 1 });
    });
    expect(code).toBe(0);
    expect(replies).toEqual([
      { id: 1, ok: true, result: { pid: child.pid } },
      { id: 2, ok: true, result: null },
    ]);
  });

  it('started by hand, says how to start it and exits 2', { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, [defaultEntryPath()], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/start it from the harness \(IPC\) or with --socket PATH/);
  });
});
