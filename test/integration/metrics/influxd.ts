// A private influxd for tests: its own config, data directories and loopback port, so tests never
// touch an InfluxDB someone else runs. Stopped (and optionally restarted on the same data) by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fetchWithin } from '../../../harness/util/fetch.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export class TestInfluxd {
  private proc: ChildProcess | undefined;
  readonly url: string;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly configPath: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(dir: string): Promise<TestInfluxd> {
    const port = await freePort();
    const rpc = await freePort();
    await mkdir(dir, { recursive: true });
    const config = [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${rpc}"`,
      '[meta]',
      `  dir = "${join(dir, 'meta')}"`,
      '[data]',
      `  dir = "${join(dir, 'data')}"`,
      `  wal-dir = "${join(dir, 'wal')}"`,
      '  query-log-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${port}"`,
      '  log-enabled = false',
      '[monitor]',
      '  store-enabled = false',
      '[continuous_queries]',
      '  enabled = false',
    ].join('\n');
    const configPath = join(dir, 'influxdb.conf');
    await writeFile(configPath, `${config}\n`);
    return new TestInfluxd(dir, port, configPath);
  }

  /** Starts influxd and waits until /ping answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.proc = spawn('influxd', ['-config', this.configPath], { stdio: 'ignore' });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`influxd exited with ${this.proc.exitCode}`);
      try {
        const res = await fetchWithin(`${this.url}/ping`, {}, 1000);
        if (res.status === 204) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`influxd did not answer /ping on ${this.url} within ${timeoutMs} ms`);
  }

  /** Stops influxd: SIGKILL is the outage a crash causes; SIGTERM a clean stop. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill(signal);
    await exited;
    this.proc = undefined;
  }
}
