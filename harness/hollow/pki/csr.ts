// A P-256 key and its PKCS#10 certificate request, as a swarm node sends to NodeCA. The CA
// ignores the request's subject (it writes the node ID and role itself), so it stays empty,
// as in swarmkit's own agent.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { bitString, contextConstructed, integer, oid, sequence } from './der.js';

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

export interface NodeKey {
  /** PKCS#8 PEM, as gRPC's TLS credentials take it. */
  privateKeyPem: string;
  /** PEM "CERTIFICATE REQUEST". */
  csrPem: string;
}

function toPem(label: string, der: Buffer): string {
  const b64 = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export function csrFor(privateKey: KeyObject, publicKeyDer: Buffer): string {
  const info = sequence(integer(0), sequence(), publicKeyDer, contextConstructed(0, Buffer.alloc(0)));
  const signature = sign('sha256', info, privateKey); // DER-encoded ECDSA signature
  return toPem('CERTIFICATE REQUEST', sequence(info, sequence(oid(ECDSA_WITH_SHA256)), bitString(signature)));
}

export function generateNodeKey(): NodeKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    csrPem: csrFor(privateKey, spki),
  };
}

/** Re-creates the request for a saved key (a re-join keeps the key of a saved identity). */
export function csrForPem(privateKeyPem: string): string {
  const privateKey = createPrivateKey(privateKeyPem);
  return csrFor(privateKey, createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
}
