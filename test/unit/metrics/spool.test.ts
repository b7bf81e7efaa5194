import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../../../harness/metrics/sinks/spool.js';
import { LineFileSink } from '../../../harness/metrics/sinks/lp-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 't-mx-spool-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Spool', () => {
  it('gives back lines in order, in batches, and empties the file when all were committed', async () => {
    const s = new Spool(join(dir, 'spool.lp'));
    await s.append(['a 1', 'b 2', 'c 3']);
    await s.append(['d 4', 'é 5']);
    expect(s.pending).toBe(5);
    const b1 = await s.read(2);
    expect(b1.lines).toEqual(['a 1', 'b 2']);
    // not committed: read again gives the same batch (a failed send is retried, not skipped)
    expect((await s.read(2)).lines).toEqual(['a 1', 'b 2']);
    await s.commit(b1);
    expect(s.pending).toBe(3);
    await s.append(['f 6']);
    const b2 = await s.read(10);
    expect(b2.lines).toEqual(['c 3', 'd 4', 'é 5', 'f 6']);
    await s.commit(b2);
    expect(s.empty).toBe(true);
    expect(s.pending).toBe(0);
    expect((await stat(join(dir, 'spool.lp'))).size).toBe(0);
  });

  it('never splits a line when a byte limit cuts the read', async () => {
    const s = new Spool(join(dir, 'spool.lp'));
    await s.append(['x'.repeat(10), 'y'.repeat(10)]);
    const b = await s.read(10, 15);
    expect(b.lines).toEqual(['x'.repeat(10)]);
  });

  it('recovers a spool left by an earlier process', async () => {
    const a = new Spool(join(dir, 'spool.lp'));
    await a.append(['a 1', 'b 2']);
    const b = new Spool(join(dir, 'spool.lp'));
    await b.recover();
    expect(b.pending).toBe(2);
    expect((await b.read(10)).lines).toEqual(['a 1', 'b 2']);
  });
});

describe('LineFileSink', () => {
  it('appends buffered lines in order on flush and close', async () => {
    const f = new LineFileSink(join(dir, 'metrics.lp'));
    await f.open();
    f.write('m v=1 1');
    const p1 = f.flush();
    f.write('m v=2 2');
    f.flush();
    f.write('m v=3 3');
    await p1;
    await f.close();
    expect(await readFile(join(dir, 'metrics.lp'), 'utf8')).toBe('m v=1 1\nm v=2 2\nm v=3 3\n');
    expect(f.lines).toBe(3);
  });
});
