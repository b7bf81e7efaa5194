// known_hosts lookups as OpenSSH does them: plain and "[host]:port" names, comma lists, globs,
// hashed names; markers and negations never let a key through.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyVerifier, knownHostsName, listedKeys } from '../../../harness/docker/known-hosts.js';

const hashed = (name: string) => {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it('names a host on another port the way OpenSSH does', () => {
    expect(knownHostsName('10.0.0.6', 22)).toBe('10.0.0.6');
    expect(knownHostsName('10.0.0.6', 2222)).toBe('[10.0.0.6]:2222');
  });

  it('finds keys by plain, listed, glob and hashed names', () => {
    const text = [
      '# comment',
      'host-b,10.0.0.5 ssh-ed25519 AAAAplain',
      '[10.0.0.6]:2222 ssh-ed25519 AAAAport',
      '10.0.1.* ssh-ed25519 AAAAglob',
      `${hashed('10.0.0.7')} ssh-ed25519 AAAAhashed`,
    ].join('\n');
    expect(listedKeys(text, '10.0.0.5')).toEqual(['AAAAplain']);
    expect(listedKeys(text, '10.0.0.6')).toEqual([]);
    expect(listedKeys(text, '[10.0.0.6]:2222')).toEqual(['AAAAport']);
    expect(listedKeys(text, '10.0.1.9')).toEqual(['AAAAglob']);
    expect(listedKeys(text, '10.0.0.7')).toEqual(['AAAAhashed']);
    expect(listedKeys(text, '10.0.0.8')).toEqual([]);
  });

  it('markers and negated patterns never vouch for a key', () => {
    const text = ['@cert-authority *.example ssh-ed25519 AAAAca', '!10.0.0.5 ssh-ed25519 AAAAneg'].join('\n');
    expect(listedKeys(text, 'a.example')).toEqual([]);
    expect(listedKeys(text, '10.0.0.5')).toEqual([]);
  });

  it('the verifier accepts only the listed key, and nothing when the file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-kh-'));
    try {
      const key = Buffer.from('a host key blob');
      const file = join(dir, 'known_hosts');
      writeFileSync(file, `[127.0.0.1]:2200 ssh-ed25519 ${key.toString('base64')}\n`);
      expect(hostKeyVerifier('127.0.0.1', 2200, file)(key)).toBe(true);
      expect(hostKeyVerifier('127.0.0.1', 2200, file)(Buffer.from('another key'))).toBe(false);
      expect(hostKeyVerifier('127.0.0.2', 2200, file)(key)).toBe(false);
      expect(hostKeyVerifier('127.0.0.1', 2200, join(dir, 'missing'))(key)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
