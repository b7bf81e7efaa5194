import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CgroupFiles, cgroupCandidates, findCgroup } from '../../../harness/docker/stats.js';

let root: string;
const id = 'abc123';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-cg-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function v1(cpuNs: number, usage: number, inactive: number): Promise<void> {
  await mkdir(join(root, 'cpuacct/docker', id), { recursive: true });
  await mkdir(join(root, 'memory/docker', id), { recursive: true });
  await writeFile(join(root, 'cpuacct/docker', id, 'cpuacct.usage'), `${cpuNs}\n`);
  await writeFile(join(root, 'memory/docker', id, 'memory.usage_in_bytes'), `${usage}\n`);
  await writeFile(
    join(root, 'memory/docker', id, 'memory.stat'),
    `cache 5\ninactive_file 1\ntotal_inactive_file ${inactive}\n`,
  );
}

describe('cgroup files', () => {
  it('finds the cgroupfs v1 layout and reads it again from open files', async () => {
    await v1(1_000_000, 50_000, 10_000);
    const paths = await findCgroup(id, root);
    expect(paths).toEqual(cgroupCandidates(id, root)[0]);
    const f = new CgroupFiles(paths!, 10_000);
    expect(f.read(1000)).toEqual({ cpuNs: 1_000_000, memBytes: 40_000, atMs: 1000 });
    // new values are seen through the descriptors kept open (pread from the start)
    await writeFile(join(root, 'cpuacct/docker', id, 'cpuacct.usage'), `2500000\n`);
    expect(f.read(2000)?.cpuNs).toBe(2_500_000);
    f.close();
  });

  it('reads the cgroup v2 layout', async () => {
    const dir = join(root, 'system.slice', `docker-${id}.scope`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'cpu.stat'), 'usage_usec 1500\nuser_usec 1000\n');
    await writeFile(join(dir, 'memory.current'), '9000\n');
    await writeFile(join(dir, 'memory.stat'), 'anon 1\ninactive_file 1000\n');
    const paths = await findCgroup(id, root);
    expect(paths?.version).toBe(2);
    expect(new CgroupFiles(paths!).read(5)).toEqual({ cpuNs: 1_500_000, memBytes: 8000, atMs: 5 });
  });

  it('says undefined when the container is gone, and finds nothing for unknown ids', async () => {
    await v1(1, 1, 0);
    const f = new CgroupFiles((await findCgroup(id, root))!);
    await rm(join(root, 'cpuacct'), { recursive: true });
    f.close(); // descriptors closed: the next read must open the files again, which are gone
    expect(f.read()).toBeUndefined();
    expect(await findCgroup('nope', root)).toBeUndefined();
  });
});
