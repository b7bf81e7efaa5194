import { describe, expect, it } from 'vitest';
import { estimateNodesThatFit } from '../../../harness/cli/doctor-checks.js';
import { parseKernelProbe } from '../../../harness/docker/probe.js';

describe('doctor', () => {
  it('estimates nodes from a measured per-node figure, keeping headroom', () => {
    expect(estimateNodesThatFit(24 * 1024 ** 3, 52 * 1024 ** 2)).toBe(378);
    expect(estimateNodesThatFit(1024 ** 3, 0)).toBe(0);
  });
  it('reads the kernel probe output', () => {
    expect(parseKernelProbe('vxlan=1\ncgroup=1\nmount=1\n')).toEqual({ ipvs: false, vxlan: true, cgroupVersion: 1, canMount: true });
    expect(parseKernelProbe('ipvs=1\nvxlan=1\ncgroup=2\n')).toEqual({ ipvs: true, vxlan: true, cgroupVersion: 2, canMount: false });
  });
});
