// Engine URLs: what each scheme connects with, and a TLS directory that lacks a file named as bad
// input with the fix, not a bare ENOENT from deep inside the first call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { BadInputError, InfrastructureError } from '../../../harness/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('connect', () => {
  it('a tcp:// engine whose tlsDir lacks a file is bad input naming the file and the fix', () => {
    writeFileSync(join(dir, 'ca.pem'), 'x');
    const attempt = () => connect({ name: 'host-b', url: 'tcp://192.0.2.5:2376', tlsDir: dir });
    expect(attempt).toThrow(BadInputError);
    expect(attempt).toThrow(
      `engine "host-b" (tcp://192.0.2.5:2376): cannot read its TLS file ${join(dir, 'cert.pem')} (ENOENT)`,
    );
    try {
      attempt();
    } catch (err) {
      expect((err as BadInputError).fix).toMatch(/ca\.pem, cert\.pem and key\.pem/);
    }
  });

  it('reads the three TLS files and speaks https on 2376 by default', () => {
    for (const f of ['cert.pem', 'key.pem']) writeFileSync(join(dir, f), f);
    const e = connect({ name: 'host-b', url: 'tcp://192.0.2.5', tlsDir: dir });
    const { protocol, host, port } = e.endpoint;
    expect([protocol, host, port]).toEqual(['https', '192.0.2.5', 2376]);
  });

  it('an unknown scheme is refused with the schemes it takes', () => {
    expect(() => connect({ name: 'x', url: 'ftp://host' })).toThrow(InfrastructureError);
    expect(() => connect({ name: 'x', url: 'ftp://host' })).toThrow(/unknown scheme/);
  });
});
