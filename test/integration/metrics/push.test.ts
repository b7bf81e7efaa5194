// `swarmbench metrics push`: a run's metrics.lp into InfluxDB afterwards, twice without doubling.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePoint } from '../../../harness/metrics/line-protocol.js';
import { influxClient } from '../../../harness/metrics/sinks/influx.js';
import { TestInfluxd } from './influxd.js';

let root: string;
let influxd: TestInfluxd;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-push-'));
  influxd = await TestInfluxd.create(join(root, 'influxd'));
  await influxd.start();
});

afterAll(async () => {
  await influxd?.stop('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

function push(runDir: string, url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(
      'node',
      ['bin/swarmbench.js', 'metrics', 'push', runDir, '--influx', url, '--json', '--progress', 'none'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

describe.sequential('metrics push', () => {
  it('sends every line of metrics.lp, and a second push does not double them', async () => {
    const runDir = join(root, 'run');
    await mkdir(runDir);
    const lines = Array.from({ length: 120 }, (_, i) =>
      encodePoint({
        measurement: 'swarm_task_status',
        tags: { run: 'r', service: 's' },
        fields: { latency_ms: i, task: `t${i}` },
        timeMs: 1_700_000_000_000 + i,
      }),
    );
    await writeFile(join(runDir, 'metrics.lp'), `${lines.join('\n')}\n`);
    const first = await push(runDir, `${influxd.url}/t_mx_push`);
    expect(first.code, first.out).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ lines: 120, sent: 120, unsent: 0, rejected: 0 });
    expect((await push(runDir, `${influxd.url}/t_mx_push`)).code).toBe(0);
    const rows = await influxClient({ url: influxd.url, database: 't_mx_push' }).query(
      'SELECT * FROM "swarm_task_status"',
    );
    expect(rows.length).toBe(120);
  });

  it('refuses a run directory without metrics.lp with exit 2', async () => {
    expect((await push(join(root, 'nothing'), influxd.url)).code).toBe(2);
  });
});
