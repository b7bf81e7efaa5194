// Host-key checking for ssh:// engines. dockerode's SSH client (ssh2) accepts any host key unless
// told otherwise, so an ssh:// host would be trusted blindly, where the docker CLI (through
// OpenSSH) checks known_hosts. This checks the same files the same way: the key the host offers
// must be listed for it, by name or hashed name ("host" on port 22, "[host]:port" otherwise).
// Not supported: @cert-authority and @revoked lines (skipped) and negated patterns (never match).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The files OpenSSH reads by default, or the one the host's spec names. */
export function knownHostsFiles(explicit?: string): string[] {
  return explicit ? [explicit] : [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

/** The name OpenSSH looks a host up by. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The base64 key blobs a known_hosts text lists for that name. */
export function listedKeys(text: string, name: string): string[] {
  const keys: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('@')) continue;
    const [patterns, , key] = line.split(/\s+/);
    if (patterns && key && patterns.split(',').some((p) => matches(p, name))) keys.push(key);
  }
  return keys;
}

/** ssh2's hostVerifier: true only for a key listed for this host in the known_hosts files. */
export function hostKeyVerifier(host: string, port: number, knownHosts?: string): (key: Buffer) => boolean {
  const name = knownHostsName(host, port);
  return (key) => {
    const offered = key.toString('base64');
    return knownHostsFiles(knownHosts).some((file) => listedKeys(readOrEmpty(file), name).includes(offered));
  };
}

function matches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt = '', hash] = pattern.split('|');
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  if (pattern.startsWith('!')) return false;
  const glob = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`).test(name);
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
