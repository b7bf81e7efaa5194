// fetchWithin must settle even when undici leaves a request hanging with nothing else holding
// the event loop: a port that accepts and at once closes (docker-proxy in front of a container
// that is still starting) made a bare `fetch` + `AbortSignal.timeout` exit the CLI with code 13.
// The check runs in a child process, because only there can the event loop run empty.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/util/package-root.js';

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function child(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('fetchWithin', () => {
  it('settles against a port that closes every connection, and the process exits 0', { timeout: 30_000 }, async () => {
    const module = pathToFileURL(join(packageRoot(), 'dist/harness/util/fetch.js')).href;
    const script = `
      import { fetchWithin } from ${JSON.stringify(module)};
      for (let i = 0; i < 5; i++) {
        try { await fetchWithin('http://127.0.0.1:${port}/ping', {}, 500); console.log('answered'); }
        catch { console.log('settled'); }
      }`;
    const r = await child(script);
    expect(r.code, r.out).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(Array(5).fill('settled'));
  });
});
