// The node's CSR (checked by OpenSSL, as the swarm CA's cfssl would check it) and the
// certificate fields a node reports.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issuerOf, nodeCertInfo, subjectAndPublicKey } from '../../../harness/hollow/pki/cert-info.js';
import { csrForPem, generateNodeKey } from '../../../harness/hollow/pki/csr.js';

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** A root CA and a node certificate issued by it, the way a swarm CA names them. */
function issueNodeCert(csrPem: string): { rootPem: string; certPem: string } {
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=swarm-ca', '-days', '30', '-out', 'ca.pem');
  writeFileSync(join(dir, 'node.csr'), csrPem);
  openssl(
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '90',
    '-subj',
    '/O=swarm/OU=swarm-worker/CN=abcdef123456',
    '-out',
    'node.pem',
  );
  return { rootPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), certPem: readFileSync(join(dir, 'node.pem'), 'utf8') };
}

describe('node key and CSR', () => {
  it('is a P-256 request with a valid self-signature', () => {
    const key = generateNodeKey();
    writeFileSync(join(dir, 'a.csr'), key.csrPem);
    const text = openssl('req', '-in', 'a.csr', '-noout', '-verify', '-text');
    expect(text).toMatch(/prime256v1|P-256/);
    expect(text).toMatch(/ecdsa-with-SHA256/);
  });

  it('is re-created from a saved key', () => {
    const key = generateNodeKey();
    writeFileSync(join(dir, 'b.csr'), csrForPem(key.privateKeyPem));
    openssl('req', '-in', 'b.csr', '-noout', '-verify');
  });
});

describe('certificate fields', () => {
  const key = generateNodeKey();
  const { rootPem, certPem } = issueNodeCert(key.csrPem);

  it('reads node ID and role from CN and OU', () => {
    const info = nodeCertInfo(certPem + rootPem);
    expect(info).toMatchObject({ nodeId: 'abcdef123456', role: 'swarm-worker' });
    expect(info.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it('finds the issuer and its DER subject and public key', () => {
    const issuer = issuerOf(certPem, rootPem);
    expect(issuer.trim()).toBe(rootPem.trim());
    const { subject, publicKey } = subjectAndPublicKey(issuer);
    // Compare against OpenSSL's reading of the same certificate.
    const x = new X509Certificate(rootPem);
    expect(Buffer.from(publicKey).equals(x.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(subject.toString('latin1')).toContain('swarm-ca');
    expect(subject[0]).toBe(0x30);
  });
});
