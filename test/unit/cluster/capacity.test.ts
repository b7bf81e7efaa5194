import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  capacityKey,
  capacityWarning,
  estimateCapacity,
  readCapacity,
  writeCapacity,
} from '../../../harness/cluster/capacity.js';
import type { NodeCost } from '../../../harness/docker/probe.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const cost = (over: Partial<NodeCost> = {}): NodeCost => ({
  bootMs: 1500,
  bootCoreSeconds: 1.2,
  idleCores: 0.004,
  memBytes: 52 * MiB,
  idleSampleMs: 10_000,
  ...over,
});

describe('capacity estimate', () => {
  it('the lower of the memory and CPU-at-rest bounds wins, and says which', () => {
    // 2 cores, half kept: 1 core / 0.4 % = 250 nodes; 24 GiB × 0.8 / 52 MiB = 378.
    const e = estimateCapacity(cost(), { cores: 2, memAvailableBytes: 24 * GiB });
    expect(e).toMatchObject({
      nodes: 250,
      limit: 'cpu at rest',
      cpuBound: 250,
      memoryBound: 378,
      bootSecondsAtBest: 150,
    });
    expect(e.explain).toContain(
      'about 250 real nodes (limit: CPU at rest: one worker in a swarm idles at 0.40 % of a core',
    );
    expect(e.explain).toContain('memory would hold 378');
    expect(e.explain).toContain('upper bound');
    const m = estimateCapacity(cost(), { cores: 2, memAvailableBytes: 4 * GiB });
    expect(m).toMatchObject({ nodes: 63, limit: 'memory' });
    expect(m.explain).toContain('CPU at rest would allow 250');
  });

  it('a slower host (each node idles dearer) holds fewer nodes', () => {
    const slow = estimateCapacity(cost({ idleCores: 0.015 }), { cores: 2, memAvailableBytes: 24 * GiB });
    expect(slow.nodes).toBe(66);
  });

  it('a node measured at no CPU at all does not make the host infinite', () => {
    expect(estimateCapacity(cost({ idleCores: 0 }), { cores: 2, memAvailableBytes: 24 * GiB }).cpuBound).toBe(2000);
  });

  it('up warns only beyond the estimate, and says "far" past one and a half times it', () => {
    const e = estimateCapacity(cost(), { cores: 2, memAvailableBytes: 24 * GiB });
    expect(capacityWarning(250, e, 'local')).toBeUndefined();
    expect(capacityWarning(300, e, 'local')).toMatch(/^300 nodes is beyond what local holds/);
    expect(capacityWarning(400, e, 'local')).toMatch(/^400 nodes is far beyond/);
    expect(capacityWarning(400, undefined, 'local')).toBeUndefined();
  });
});

describe('capacity cache', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('keeps one estimate per engine, image and mode, and forgets it after a week', () => {
    dir = mkdtempSync(join(tmpdir(), 'cap-'));
    const file = join(dir, 'capacity.json');
    const e = estimateCapacity(cost(), { cores: 2, memAvailableBytes: 24 * GiB });
    const key = capacityKey('ENGINE', 'sha256:img', 'capabilities');
    const t = new Date('2026-12-01T00:00:00Z');
    writeCapacity(file, key, e, t);
    expect(readCapacity(file, key, t.getTime() + 3600_000)?.nodes).toBe(250);
    expect(readCapacity(file, capacityKey('OTHER', 'sha256:img', 'capabilities'), t.getTime())).toBeUndefined();
    expect(readCapacity(file, key, t.getTime() + 8 * 24 * 3600_000)).toBeUndefined();
  });
});
