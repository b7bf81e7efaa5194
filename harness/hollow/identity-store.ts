// Hollow worker identities (node ID, key, certificate) kept per cluster, one file per worker
// named by hostname, so that a restarted simulator re-uses its nodes instead of leaving Down
// ones behind in the manager. Files hold private keys: mode 0600, directory 0700.
import { mkdir, readFile, readdir, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeCertInfo } from './pki/cert-info.js';

export interface HollowIdentity {
  hostname: string;
  nodeId: string;
  privateKeyPem: string;
  certChainPem: string;
  rootCaPem: string;
}

const SUFFIX = '.json';

export class IdentityStore {
  constructor(readonly dir: string) {}

  private file(hostname: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(hostname)) throw new Error(`not a hostname: ${hostname}`);
    return join(this.dir, hostname + SUFFIX);
  }

  /** The saved identity, when it exists, parses, was issued under this root and is not about to expire. */
  async load(hostname: string, rootCaPem: string, now = new Date()): Promise<HollowIdentity | undefined> {
    let parsed: HollowIdentity;
    try {
      parsed = JSON.parse(await readFile(this.file(hostname), 'utf8')) as HollowIdentity;
    } catch {
      return undefined;
    }
    if (parsed.hostname !== hostname || parsed.rootCaPem !== rootCaPem) return undefined;
    try {
      const info = nodeCertInfo(parsed.certChainPem);
      // Renewal is not simulated; an identity within a day of expiry is replaced by a new join.
      if (info.nodeId !== parsed.nodeId || info.notAfter.getTime() - now.getTime() < 24 * 3600_000) return undefined;
    } catch {
      return undefined;
    }
    return parsed;
  }

  async save(identity: HollowIdentity): Promise<void> {
    const target = this.file(identity.hostname);
    const tmp = `${target}.${process.pid}.tmp`;
    const write = () => writeFile(tmp, JSON.stringify(identity), { mode: 0o600 });
    // The directory is made on first need, not before every one of thousands of saves.
    await write().catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await write();
    });
    await rename(tmp, target);
  }

  async remove(hostname: string): Promise<void> {
    await rm(this.file(hostname), { force: true });
  }

  async hostnames(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length));
    } catch {
      return [];
    }
  }

  /** Node IDs of every saved identity (for `node rm` at teardown). */
  async nodeIds(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const hostname of await this.hostnames()) {
      try {
        const parsed = JSON.parse(await readFile(this.file(hostname), 'utf8')) as HollowIdentity;
        out.set(hostname, parsed.nodeId);
      } catch {
        // A torn file is simply not an identity.
      }
    }
    return out;
  }
}
