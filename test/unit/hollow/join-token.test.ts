// Join tokens: parsing, the root CA pin, and no token in error messages.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseJoinToken, rootMatchesToken } from '../../../harness/hollow/join-token.js';

function tokenFor(root: Buffer, version: 1 | 2 = 1): string {
  const digest = BigInt('0x' + createHash('sha256').update(root).digest('hex'))
    .toString(36)
    .padStart(50, '0');
  const secret = 'abcdefghijklmnopqrstuvwxy';
  return version === 1 ? `SWMTKN-1-${digest}-${secret}` : `SWMTKN-2-1-${digest}-${secret}`;
}

describe('join tokens', () => {
  const root = Buffer.from('-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----\n');

  it('pins the root CA bundle by its sha256', () => {
    const parsed = parseJoinToken(tokenFor(root));
    expect(rootMatchesToken(root, parsed)).toBe(true);
    expect(rootMatchesToken(Buffer.concat([root, Buffer.from('x')]), parsed)).toBe(false);
  });

  it('reads v2 tokens and their FIPS flag', () => {
    const parsed = parseJoinToken(tokenFor(root, 2));
    expect(parsed.fips).toBe(true);
    expect(rootMatchesToken(root, parsed)).toBe(true);
  });

  it('rejects malformed tokens without echoing them', () => {
    const bad = [
      '',
      'SWMTKN-1-abc-def',
      'SWMTKN-3-' + 'a'.repeat(50) + '-' + 'b'.repeat(25),
      tokenFor(root).slice(0, -1),
    ];
    for (const t of bad) {
      let message = '';
      try {
        parseJoinToken(t);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/not a swarm join token/);
      if (t) expect(message).not.toContain(t);
    }
  });
});
