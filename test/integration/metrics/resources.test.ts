// Node container CPU and memory both ways: from cgroup files (local) and from one-shot engine
// stats (what remote hosts get), against real containers on the local engine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../../harness/cluster/types.js';
import { removeContainer, runContainer } from '../../../harness/docker/containers.js';
import { connect } from '../../../harness/docker/engine.js';
import { oneShotStats } from '../../../harness/docker/stats.js';
import { ResourceCollector } from '../../../harness/metrics/collectors/resources.js';
import type { Emitted } from '../../../harness/metrics/collectors/types.js';
import { Measurement } from '../../../harness/metrics/measurements.js';
import { silentLogger } from '../../../harness/util/log.js';

const engine = connect();
const ids: string[] = [];
let emptyRoot: string;
let nodes: NodeInfo[];

beforeAll(async () => {
  emptyRoot = await mkdtemp(join(tmpdir(), 't-mx-nocg-'));
  for (const role of ['manager', 'worker'] as const) {
    const name = `t-mx-res-${role}-${process.pid}`;
    ids.push(
      await runContainer(engine, {
        name,
        image: 'swarmbench/alpine:latest',
        cmd: ['top'],
        labels: { 'swarmbench.run': `t-mx-res-${process.pid}` },
      }),
    );
  }
  nodes = ids.map((containerId, i) => ({
    name: `n${i}`,
    role: i === 0 ? 'manager' : 'worker',
    host: engine.name,
    containerId,
    hollow: false,
  }));
});

afterAll(async () => {
  for (const id of ids) await removeContainer(engine, id).catch(() => undefined);
  await rm(emptyRoot, { recursive: true, force: true });
});

async function collect(cgroupRoot?: string): Promise<{ points: Emitted[]; calls: Record<string, number> }> {
  const points: Emitted[] = [];
  const c = new ResourceCollector({
    nodes: async () => nodes,
    engines: () => [engine],
    emit: (p) => points.push(p),
    log: silentLogger,
    remoteEveryMs: 0,
    cgroupRoot,
  });
  for (let i = 0; i < 3; i++) {
    await c.tick(Date.now());
    await new Promise((r) => setTimeout(r, 1000));
  }
  c.close();
  return { points, calls: c.calls() };
}

describe.sequential('resource collector', () => {
  it('reads local node containers from their cgroup files, with no engine call', async () => {
    const { points, calls } = await collect();
    const perNode = points.filter((p) => p.measurement === Measurement.nodeResources);
    expect(perNode.length).toBe(4); // CPU needs two samples: ticks 2 and 3, two nodes
    expect(new Set(perNode.map((p) => p.tags?.role))).toEqual(new Set(['manager', 'worker']));
    expect(perNode.every((p) => Number(p.fields.mem_bytes) > 0 && Number(p.fields.cpu_percent) >= 0)).toBe(true);
    const host = points.filter((p) => p.measurement === Measurement.hostResources);
    expect(host.at(-1)?.fields.nodes).toBe(2);
    expect(host.at(-1)?.fields.engine_cpu_percent).toBeDefined();
    expect(calls.stats).toBe(0);
    expect(calls.cgroup_reads).toBe(6);
  });

  it('falls back to one-shot engine stats where the cgroup files are not on this machine', async () => {
    const { points, calls } = await collect(emptyRoot);
    const perNode = points.filter((p) => p.measurement === Measurement.nodeResources);
    expect(calls.stats).toBe(6);
    expect(calls.cgroup_reads).toBe(0);
    // Engine 20.10 on this host's kernel answers stats with empty figures; then there is no sample
    // rather than a sample of zeros. Where the engine reports, every sample has memory.
    if ((await oneShotStats(engine, ids[0]!)) === undefined) expect(perNode).toEqual([]);
    else {
      expect(perNode.length).toBe(4);
      expect(perNode.every((p) => Number(p.fields.mem_bytes) > 0)).toBe(true);
    }
  });
});
