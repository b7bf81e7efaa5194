// killContainerProcesses against a cgroup tree laid out as the engine lays it out, holding the
// PIDs of real processes: every process of a found container dies, a container with no cgroup
// here is left to the engine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killContainerProcesses } from '../../../harness/docker/kill-processes.js';

const children: ChildProcess[] = [];
let root = '';

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

function sleeper(): ChildProcess {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c;
}

/** A v1 (cgroupfs) container cgroup holding these processes. */
function fakeContainer(id: string, procs: ChildProcess[]): void {
  for (const ctl of ['memory', 'cpuacct']) mkdirSync(join(root, ctl, 'docker', id), { recursive: true });
  writeFileSync(join(root, 'cpuacct/docker', id, 'cpuacct.usage'), '0\n');
  writeFileSync(join(root, 'memory/docker', id, 'cgroup.procs'), procs.map((p) => `${p.pid}\n`).join(''));
}

const exited = (c: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => c.once('exit', (_code, signal) => resolve(signal)));

describe('killContainerProcesses', () => {
  it('SIGKILLs every process of each container found here and names the rest', async () => {
    root = mkdtempSync(join(tmpdir(), 'sb-cgroup-'));
    const a = [sleeper(), sleeper()];
    const b = [sleeper()];
    fakeContainer('a'.repeat(64), a);
    fakeContainer('b'.repeat(64), b);
    const gone = [...a, ...b].map(exited);
    const r = await killContainerProcesses(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)], root);
    expect(r.killed).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
    expect(r.elsewhere).toEqual(['c'.repeat(64)]);
    expect(await Promise.all(gone)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
  });

  it('a process that has exited already counts as killed', async () => {
    root = mkdtempSync(join(tmpdir(), 'sb-cgroup-'));
    const c = sleeper();
    const gone = exited(c);
    c.kill('SIGKILL');
    await gone;
    fakeContainer('d'.repeat(64), [c]);
    expect((await killContainerProcesses(['d'.repeat(64)], root)).killed).toEqual(['d'.repeat(64)]);
  });
});
