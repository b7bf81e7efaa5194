// The --hosts file: further outer engines joined to the outer swarm as workers.
//   advertiseAddr: 192.0.2.2        # optional: address other hosts reach this one's swarm on
//   hosts:
//     - { name: host-b, url: tcp://10.0.0.5:2376, tlsDir: /etc/swarmbench/host-b }
//     - { name: host-c, url: ssh://root@10.0.0.6, advertiseAddr: 10.0.0.6 }   # key from ssh-agent,
//                                                  # host key checked against ~/.ssh/known_hosts (or knownHosts: FILE)
// A bare list of hosts is accepted too.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { BadInputError } from '../errors.js';
import type { EngineSpec } from '../docker/engine.js';

/** An outer host; advertiseAddr is the address it joins the outer swarm with, when it has several. */
export interface OuterHostSpec extends EngineSpec {
  advertiseAddr?: string;
}

export interface HostsFile {
  advertiseAddr?: string;
  hosts: OuterHostSpec[];
}

export function readHostsFile(path: string): HostsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BadInputError(`cannot read hosts file ${path} (${(err as Error).message})`, {
      fix: 'pass an existing YAML file to --hosts',
    });
  }
  return parseHostsFile(text, path);
}

export function parseHostsFile(text: string, origin = 'hosts file'): HostsFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    // Any error of the parser, its resource-exhaustion guard included, is a mistake in the file.
    throw new BadInputError(`${origin}: not valid YAML (${(err as Error).message.split('\n')[0]})`, {
      fix: 'correct the YAML: `hosts: [{name: host-b, url: tcp://10.0.0.5:2376, tlsDir: /path}]`',
    });
  }
  const root = Array.isArray(doc) ? { hosts: doc } : (doc as Record<string, unknown> | null);
  const bad = (what: string) =>
    new BadInputError(`${origin}: ${what}`, {
      fix: 'list hosts as `hosts: [{name: host-b, url: tcp://10.0.0.5:2376, tlsDir: /path}]`',
    });
  if (!root || typeof root !== 'object' || !Array.isArray(root.hosts)) throw bad('expected a `hosts:` list');
  const seen = new Set<string>(['local']);
  const hosts = root.hosts.map((h: unknown, i: number): OuterHostSpec => {
    const e = h as Record<string, unknown>;
    if (!e || typeof e.name !== 'string' || typeof e.url !== 'string') throw bad(`hosts[${i}] needs a name and a url`);
    if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(e.name))
      throw bad(`hosts[${i}]: name "${e.name}" must be short lower-case letters, digits, "-"`);
    if (seen.has(e.name)) throw bad(`hosts[${i}]: name "${e.name}" is used twice (or is the reserved "local")`);
    seen.add(e.name);
    if (!/^(unix|tcp|ssh):\/\//.test(e.url))
      throw bad(`hosts[${i}]: url "${e.url}" must start with unix://, tcp:// or ssh://`);
    if (e.tlsDir !== undefined && typeof e.tlsDir !== 'string') throw bad(`hosts[${i}]: tlsDir must be a path`);
    if (e.advertiseAddr !== undefined && typeof e.advertiseAddr !== 'string')
      throw bad(`hosts[${i}]: advertiseAddr must be an address`);
    if (e.knownHosts !== undefined && typeof e.knownHosts !== 'string')
      throw bad(`hosts[${i}]: knownHosts must be a path`);
    const spec: OuterHostSpec = { name: e.name, url: e.url };
    if (e.tlsDir) spec.tlsDir = e.tlsDir as string;
    if (e.advertiseAddr) spec.advertiseAddr = e.advertiseAddr as string;
    if (e.knownHosts) spec.knownHosts = e.knownHosts as string;
    return spec;
  });
  const advertiseAddr = root.advertiseAddr;
  if (advertiseAddr !== undefined && typeof advertiseAddr !== 'string') throw bad('advertiseAddr must be an address');
  return { advertiseAddr, hosts };
}
