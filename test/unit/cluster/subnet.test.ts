import { describe, expect, it } from 'vitest';
import { capacity, overlaps, parseCidr, pickFreeSubnet } from '../../../harness/cluster/subnet.js';
import { BadInputError } from '../../../harness/errors.js';

describe('subnet', () => {
  it('parses and normalises a CIDR', () => {
    const c = parseCidr('10.99.3.4/16');
    expect(c.bits).toBe(16);
    expect(c.base).toBe(((10 << 24) | (99 << 16)) >>> 0);
  });

  it('refuses what is not an IPv4 CIDR, as bad input', () => {
    for (const bad of ['10.99.0.0', '10.99.0.0/33', '300.1.1.1/16', 'fd00::/64', '10.0.0.0/4']) {
      expect(() => parseCidr(bad)).toThrow(BadInputError);
    }
  });

  it('detects overlaps both ways', () => {
    expect(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.99.0.0/16'))).toBe(true);
    expect(overlaps(parseCidr('10.99.0.0/16'), parseCidr('10.99.7.0/24'))).toBe(true);
    expect(overlaps(parseCidr('10.98.0.0/16'), parseCidr('10.99.0.0/16'))).toBe(false);
  });

  it('a /16 holds 65k nodes', () => {
    expect(capacity(parseCidr('10.99.0.0/16'))).toBe(65533);
  });

  it('picks the first free /16, skipping taken and IPv6 ranges', () => {
    expect(pickFreeSubnet([])).toBe('10.96.0.0/16');
    expect(pickFreeSubnet(['10.96.0.0/16', '10.97.5.0/24', 'fd00::/64', '172.17.0.0/16'])).toBe('10.98.0.0/16');
  });

  it('says so when nothing is free', () => {
    expect(() => pickFreeSubnet(['10.0.0.0/8'])).toThrow(/no free \/16/);
  });
});
