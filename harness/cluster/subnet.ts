// IPv4 CIDR arithmetic for the cluster overlay: parse, detect overlaps with the networks an
// engine already has, and pick a free /16 when the user names none.
import { BadInputError } from '../errors.js';

export interface Cidr {
  base: number;
  bits: number;
  text: string;
}

export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits < 8 || bits > 28) {
    throw new BadInputError(`subnet "${text}" is not an IPv4 CIDR between /8 and /28`, {
      fix: 'pass --subnet like 10.99.0.0/16 (a /16 leaves room for 65k addresses)',
    });
  }
  const addr = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (addr & mask) >>> 0, bits, text: text.trim() };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const bits = Math.min(a.bits, b.bits);
  const mask = (~0 << (32 - bits)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/** Number of addresses usable by containers (network, broadcast and gateway excluded). */
export function capacity(c: Cidr): number {
  return 2 ** (32 - c.bits) - 3;
}

/** The first 10.N.0.0/16 (N from 96 to 127) that overlaps none of the taken subnets. */
export function pickFreeSubnet(taken: string[]): string {
  const used = taken.flatMap((t) => {
    try {
      return [parseCidr(t)];
    } catch {
      return []; // IPv6 or odd entries cannot collide with an IPv4 /16
    }
  });
  for (let n = 96; n < 128; n++) {
    const candidate = parseCidr(`10.${n}.0.0/16`);
    if (!used.some((u) => overlaps(u, candidate))) return candidate.text;
  }
  throw new BadInputError('no free /16 left in 10.96.0.0/11 for the cluster overlay', {
    fix: 'pass --subnet with a free range, or remove clusters you no longer need',
  });
}
