// Waiting for InfluxDB to answer /ping: asked again until it answers 204, and a timeout that
// says what it last got.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForPing } from '../../../harness/docker/influx-container.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(status: (n: number) => number): Promise<{ url: string; asked: () => number }> {
  let n = 0;
  server = createServer((req, res) => {
    res.writeHead(req.url === '/ping' ? status(++n) : 404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, asked: () => n };
}

describe('waitForPing', () => {
  it('asks again until InfluxDB answers 204', async () => {
    const s = await serve((n) => (n < 3 ? 503 : 204));
    await waitForPing(s.url, 10_000);
    expect(s.asked()).toBe(3);
  });

  it('times out with the last answer', async () => {
    const s = await serve(() => 503);
    await expect(waitForPing(s.url, 700)).rejects.toThrow(/did not answer \/ping within 700 ms \(HTTP 503\)/);
  });
});
