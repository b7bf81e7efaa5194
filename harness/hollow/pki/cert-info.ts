// What a node reads from its certificates: its node ID and role (CN and OU of the issued
// certificate), when it expires, and the issuer's DER subject and public key that it reports
// to the manager as NodeTLSInfo (the manager tracks root CA rotation with them).
import { X509Certificate } from 'node:crypto';
import { children, readElement } from './der.js';

export interface NodeCertInfo {
  nodeId: string;
  role: string;
  notAfter: Date;
}

/** Splits a PEM bundle into its certificates, first one first. */
export function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

function subjectField(subject: string, key: string): string {
  const line = subject.split('\n').find((l) => l.startsWith(`${key}=`));
  return line ? line.slice(key.length + 1) : '';
}

export function nodeCertInfo(chainPem: string): NodeCertInfo {
  const first = splitPemCertificates(chainPem)[0];
  if (!first) throw new Error('no certificate in the issued chain');
  const cert = new X509Certificate(first);
  return {
    nodeId: subjectField(cert.subject, 'CN'),
    role: subjectField(cert.subject, 'OU'),
    notAfter: new Date(cert.validTo),
  };
}

/** The DER subject and SubjectPublicKeyInfo of a certificate (fields 5 and 6 of its TBSCertificate). */
export function subjectAndPublicKey(certPem: string): { subject: Buffer; publicKey: Buffer } {
  const der = new X509Certificate(certPem).raw;
  const tbs = children(readElement(der))[0];
  if (!tbs) throw new Error('certificate without TBSCertificate');
  const fields = children(tbs);
  // An explicit version ([0]) shifts the fields by one.
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[base + 4];
  const spki = fields[base + 5];
  if (!subject || !spki) throw new Error('certificate TBSCertificate too short');
  return { subject: Buffer.from(subject.raw), publicKey: Buffer.from(spki.raw) };
}

/** The certificate in the bundle that issued the node certificate (falls back to the first root). */
export function issuerOf(chainPem: string, rootPem: string): string {
  const chain = splitPemCertificates(chainPem);
  const candidates = [...chain.slice(1), ...splitPemCertificates(rootPem)];
  // The usual swarm case, a bare leaf under one root: nothing to choose, so nothing to parse
  // (thousands of hollow workers join per process; each parse costs).
  if (candidates.length === 1) return candidates[0]!;
  const leaf = chain[0] ? new X509Certificate(chain[0]) : undefined;
  for (const c of candidates) {
    if (leaf && leaf.checkIssued(new X509Certificate(c))) return c;
  }
  const fallback = splitPemCertificates(rootPem)[0];
  if (!fallback) throw new Error('no root certificate');
  return fallback;
}
