// Saved hollow worker identities: re-used only when they belong to this swarm and are current.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentityStore } from '../../../harness/hollow/identity-store.js';
import { generateNodeKey } from '../../../harness/hollow/pki/csr.js';

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

function issued(days: number): { rootPem: string; certPem: string; keyPem: string } {
  const key = generateNodeKey();
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=swarm-ca', '-days', '30', '-out', 'ca.pem');
  writeFileSync(join(dir, 'n.csr'), key.csrPem);
  openssl(
    'x509',
    '-req',
    '-in',
    'n.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    String(days),
    '-subj',
    '/O=swarm/OU=swarm-worker/CN=node1',
    '-out',
    'n.pem',
  );
  return {
    rootPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    certPem: readFileSync(join(dir, 'n.pem'), 'utf8'),
    keyPem: key.privateKeyPem,
  };
}

describe('IdentityStore', () => {
  const store = new IdentityStore(join(dir, 'hollow'));

  it('round-trips an identity in a private file', async () => {
    const { rootPem, certPem, keyPem } = issued(90);
    const id = {
      hostname: 'hw-00001',
      nodeId: 'node1',
      privateKeyPem: keyPem,
      certChainPem: certPem,
      rootCaPem: rootPem,
    };
    await store.save(id);
    expect(await store.load('hw-00001', rootPem)).toEqual(id);
    expect(statSync(join(dir, 'hollow', 'hw-00001.json')).mode & 0o777).toBe(0o600);
    expect(await store.hostnames()).toEqual(['hw-00001']);
    expect((await store.nodeIds()).get('hw-00001')).toBe('node1');
  });

  it('ignores identities of another swarm, about to expire, or torn', async () => {
    const { rootPem, certPem, keyPem } = issued(90);
    await store.save({
      hostname: 'hw-00002',
      nodeId: 'node1',
      privateKeyPem: keyPem,
      certChainPem: certPem,
      rootCaPem: rootPem,
    });
    expect(await store.load('hw-00002', 'another root')).toBeUndefined();
    expect(await store.load('hw-00002', rootPem, new Date(Date.now() + 90 * 86400_000))).toBeUndefined();
    writeFileSync(join(dir, 'hollow', 'hw-00003.json'), '{"hostname":');
    expect(await store.load('hw-00003', rootPem)).toBeUndefined();
    expect(await store.load('missing', rootPem)).toBeUndefined();
  });

  it('refuses names that are not hostnames (no path tricks)', async () => {
    await expect(store.remove('../x')).rejects.toThrow(/not a hostname/);
  });
});
