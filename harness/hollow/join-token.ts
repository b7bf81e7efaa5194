// Swarm join tokens: "SWMTKN-1-<root CA digest, base 36>-<secret>" (v1) or
// "SWMTKN-2-<fips 0|1>-<digest>-<secret>" (v2). The digest pins the root CA a joining node must
// accept, so it is checked against GetRootCACertificate's bytes before anything else is sent.
// A token is a secret: it never goes into an error message.
import { createHash } from 'node:crypto';
import { BadInputError } from '../errors.js';

const BASE36_DIGEST_LENGTH = 50;
const SECRET_LENGTH = 25;

export interface ParsedJoinToken {
  /** Hex sha256 of the root CA bundle. */
  rootDigestHex: string;
  fips: boolean;
}

export function parseJoinToken(token: string): ParsedJoinToken {
  const parts = token.trim().split('-');
  const invalid = () => new BadInputError('the join token is not a swarm join token (SWMTKN-...)');
  if (parts[0] !== 'SWMTKN') throw invalid();
  let fips = false;
  if (parts[1] === '1') {
    if (parts.length !== 4) throw invalid();
  } else if (parts[1] === '2') {
    if (parts.length !== 5 || (parts[2] !== '0' && parts[2] !== '1')) throw invalid();
    fips = parts[2] === '1';
  } else {
    throw invalid();
  }
  const digest = parts[parts.length - 2]!;
  const secret = parts[parts.length - 1]!;
  if (digest.length !== BASE36_DIGEST_LENGTH || secret.length !== SECRET_LENGTH || !/^[0-9a-z]+$/.test(digest)) {
    throw invalid();
  }
  let value = 0n;
  for (const ch of digest) value = value * 36n + BigInt(parseInt(ch, 36));
  return { rootDigestHex: value.toString(16).padStart(64, '0'), fips };
}

/** True when the root CA bundle is the one the token pins. */
export function rootMatchesToken(rootCaBundle: Buffer, token: ParsedJoinToken): boolean {
  return createHash('sha256').update(rootCaBundle).digest('hex') === token.rootDigestHex;
}
