import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeb822, parseSourcesList, readAptMirror } from '../../../harness/images/mirror.js';
import { parseLdd } from '../../../harness/images/rootfs.js';

describe('apt mirror from the host configuration', () => {
  it('reads deb822 stanzas and skips security suites', () => {
    const text =
      'Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\nComponents: main\n\nTypes: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n';
    expect(parseDeb822(text)).toEqual({ uri: 'http://mirror.example/debian', suite: 'bookworm' });
  });
  it('reads one-line sources.list entries with options', () => {
    const text =
      '# comment\ndeb [arch=amd64] http://mirror.example/ubuntu jammy main\ndeb http://mirror.example/ubuntu jammy-updates main\n';
    expect(parseSourcesList(text)).toEqual({ uri: 'http://mirror.example/ubuntu', suite: 'jammy' });
  });
  it('says what to do when no mirror is configured', () => {
    const dir = mkdtempSync(join(tmpdir(), 'apt-'));
    mkdirSync(join(dir, 'sources.list.d'));
    writeFileSync(join(dir, 'sources.list'), '# nothing\n');
    expect(() => readAptMirror(dir)).toThrow(/no Debian package mirror/);
  });
});

describe('parseLdd', () => {
  it('collects libraries and the loader', () => {
    const out =
      '\tlinux-vdso.so.1 (0x00007ffc)\n\tlibpcre2-8.so.0 => /lib/x86_64-linux-gnu/libpcre2-8.so.0 (0x00007f)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n';
    expect(parseLdd(out)).toEqual([
      '/lib/x86_64-linux-gnu/libpcre2-8.so.0',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });
});
