// Ctrl-C in the middle of a run: exit 130, run.json says interrupted and during which step, the
// steps so far are recorded, and the cluster the run brought up is removed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import type { RunRecord } from '../../../harness/run-record.js';
import { labelledObjects } from '../cluster/support.js';
import { cleanupCluster } from './support.js';

const CLUSTER = 't-sc-it-int';

const readRecord = (file: string) =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunRecord) : undefined;

describe.sequential('interrupted run', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('leaves a record that says where it stopped, and cleans up', { timeout: 600_000 }, async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), `${CLUSTER}-`)), 'run');
    const child = spawn(
      'node',
      [
        'bin/swarmbench.js',
        'run',
        'alpine-top-scale',
        '--set',
        'replicas=4',
        '--set',
        'steps=1',
        '--set',
        'settle=10m',
        '--nodes',
        '2',
        '--cluster',
        CLUSTER,
        '--out',
        runDir,
        '--progress',
        'plain',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Wait until the long sleep step has started, then interrupt.
      for (let i = 0; i < 600; i++) {
        if (readRecord(join(runDir, 'run.json'))?.steps.some((s) => s.type === 'sleep')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(readRecord(join(runDir, 'run.json'))?.status).toBe('running');
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    const rec = readRecord(join(runDir, 'run.json'))!;
    expect(rec.status).toBe('interrupted');
    expect(rec.reason).toMatch(/stopped by a signal during step 4 \(sleep\)/);
    expect(rec.steps.map((s) => s.name)).toEqual(['service.create', 'ramp replicas=4', 'mark', 'sleep']);
    expect(stderr.trim().split('\n').pop()).toMatch(/exit 130: INTERRUPTED/);
    expect(await labelledObjects(connect(), CLUSTER)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  });
});
