import { describe, expect, it } from 'vitest';
import { parseHostsFile } from '../../../harness/cluster/hosts-file.js';
import { BadInputError } from '../../../harness/errors.js';

describe('hosts file', () => {
  it('reads hosts with TLS directories and advertise addresses', () => {
    const f = parseHostsFile(`
advertiseAddr: 192.0.2.2
hosts:
  - { name: host-b, url: "tcp://10.0.0.5:2376", tlsDir: /etc/sb/b }
  - { name: host-c, url: "ssh://root@10.0.0.6", advertiseAddr: 10.0.0.6 }
`);
    expect(f.advertiseAddr).toBe('192.0.2.2');
    expect(f.hosts).toEqual([
      { name: 'host-b', url: 'tcp://10.0.0.5:2376', tlsDir: '/etc/sb/b' },
      { name: 'host-c', url: 'ssh://root@10.0.0.6', advertiseAddr: '10.0.0.6' },
    ]);
  });

  it('accepts a bare list', () => {
    expect(parseHostsFile('- { name: b, url: "unix:///run/b.sock" }').hosts).toHaveLength(1);
  });

  it.each([
    ['hosts: 3', /hosts:` list/],
    ['- { url: "tcp://x:2376" }', /needs a name and a url/],
    ['- { name: b, url: "http://x" }', /must start with unix/],
    ['- { name: local, url: "unix:///x" }', /used twice|reserved/],
    ['- { name: b, url: "unix:///x" }\n- { name: b, url: "unix:///y" }', /used twice/],
    ['- { name: B_1, url: "unix:///x" }', /lower-case/],
    [
      'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nhosts: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      /not valid YAML \(Excessive alias count/,
    ],
  ])('refuses %j', (text, message) => {
    expect(() => parseHostsFile(text)).toThrow(BadInputError);
    expect(() => parseHostsFile(text)).toThrow(message);
  });
});
