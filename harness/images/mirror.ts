// The OS package mirror, read from the host's own apt configuration (deb822 .sources files or
// the one-line sources.list format). Images are built from it when no registry is reachable;
// no host name is ever written into the code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfrastructureError } from '../errors.js';

export interface AptMirror {
  uri: string;
  suite: string;
}

/** Parses deb822 stanzas ("Types: deb / URIs: ... / Suites: ..."); first binary stanza wins. */
export function parseDeb822(text: string): AptMirror | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
    const types = field('Types');
    const uris = field('URIs');
    const suites = field('Suites');
    if (!types?.split(/\s+/).includes('deb') || !uris || !suites) continue;
    const suite = suites.split(/\s+/)[0]!;
    if (/-security$|-updates$|-backports$/.test(suite)) continue;
    return { uri: uris.split(/\s+/)[0]!, suite };
  }
  return undefined;
}

/** Parses "deb [opts] URI SUITE COMPONENTS" lines; first main-suite line wins. */
export function parseSourcesList(text: string): AptMirror | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (m && !/-security$|-updates$|-backports$/.test(m[2]!)) return { uri: m[1]!, suite: m[2]! };
  }
  return undefined;
}

export function readAptMirror(etcApt = '/etc/apt'): AptMirror {
  const dir = join(etcApt, 'sources.list.d');
  const candidates: string[] = [];
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.sources') || f.endsWith('.list')) candidates.push(join(dir, f));
  }
  candidates.push(join(etcApt, 'sources.list'));
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const mirror = file.endsWith('.sources') ? parseDeb822(text) : parseSourcesList(text);
    if (mirror) return mirror;
  }
  throw new InfrastructureError(`no Debian package mirror found in ${etcApt}/sources.list(.d)`, {
    fix: 'images are built from the OS packages when no registry is reachable: configure apt (a Debian or Ubuntu host) or make the official images available with `docker load`',
  });
}
