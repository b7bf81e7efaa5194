import { describe, expect, it } from 'vitest';
import { placeNodes, PLANNED_NODE_BYTES } from '../../../harness/cluster/placement.js';

const GiB = 1024 ** 3;

describe('placement', () => {
  it('puts managers on the first host whatever its load', () => {
    const p = placeNodes(
      [
        { name: 'a', memTotal: 1 * GiB, nodes: 5 },
        { name: 'b', memTotal: 64 * GiB, nodes: 0 },
      ],
      [
        { index: 0, role: 'manager' },
        { index: 1, role: 'manager' },
      ],
    );
    expect(p.map((x) => x.host)).toEqual(['a', 'a']);
  });

  it('spreads workers by free memory', () => {
    const hosts = [
      { name: 'a', memTotal: 2 * GiB, nodes: 0 },
      { name: 'b', memTotal: 2 * GiB, nodes: 0 },
    ];
    const p = placeNodes(
      hosts,
      Array.from({ length: 4 }, (_, i) => ({ index: i, role: 'worker' as const })),
    );
    expect(p.map((x) => x.host)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('fills the roomier host first', () => {
    const hosts = [
      { name: 'a', memTotal: 1 * GiB, nodes: 0 },
      { name: 'b', memTotal: 1 * GiB + 3 * PLANNED_NODE_BYTES, nodes: 0 },
    ];
    const p = placeNodes(
      hosts,
      Array.from({ length: 5 }, (_, i) => ({ index: i, role: 'worker' as const })),
    );
    expect(p.map((x) => x.host)).toEqual(['b', 'b', 'b', 'a', 'b']);
  });

  it('counts nodes already on a host', () => {
    const hosts = [
      { name: 'a', memTotal: 4 * GiB, nodes: 10 },
      { name: 'b', memTotal: 4 * GiB, nodes: 0 },
    ];
    const p = placeNodes(hosts, [{ index: 11, role: 'worker' }]);
    expect(p[0]).toEqual({ index: 11, role: 'worker', host: 'b' });
  });
});
