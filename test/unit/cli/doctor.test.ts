import { describe, expect, it } from 'vitest';
import { parseKernelProbe } from '../../../harness/docker/probe.js';

describe('doctor', () => {
  it('reads the kernel probe output', () => {
    expect(parseKernelProbe('vxlan=1\ncgroup=1\nmount=1\n')).toEqual({
      ipvs: false,
      vxlan: true,
      cgroupVersion: 1,
      canMount: true,
    });
    expect(parseKernelProbe('ipvs=1\nvxlan=1\ncgroup=2\n')).toEqual({
      ipvs: true,
      vxlan: true,
      cgroupVersion: 2,
      canMount: false,
    });
  });
});
