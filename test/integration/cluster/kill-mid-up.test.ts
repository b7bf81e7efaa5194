// The harness is killed with SIGKILL in the middle of `up`: `down` still finds and removes
// everything by labels, and an `up` run after the kill completes the cluster instead.
// Runs the built CLI (dist/, made by `npm run build` / `npm test`).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { listContainers } from '../../../harness/docker/containers.js';
import { listSwarmNodes } from '../../../harness/docker/swarm-read.js';
import { clusterFilter } from '../../../harness/cluster/labels.js';
import { down, up } from '../../../harness/cluster/index.js';
import { retryUntil } from '../../../harness/util/retry.js';
import { labelledObjects } from './support.js';

const NAME = 't-cl-kill';
const local = connect();
const nodeMode = process.env.SWARMBENCH_NODE_MODE === 'privileged' ? 'privileged' : 'capabilities';

/** Starts `swarmbench up` and sends it `signal` once `atLeast` worker containers exist; resolves to its exit code. */
async function killMidUp(
  nodes: number,
  atLeast: number,
  signal: NodeJS.Signals = 'SIGKILL',
  extra: string[] = [],
): Promise<number | null> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'bin/swarmbench.js',
      'up',
      '--cluster',
      NAME,
      '--nodes',
      String(nodes),
      '--mode',
      nodeMode,
      '--progress',
      'none',
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await retryUntil(
      async () =>
        (await listContainers(local, clusterFilter(NAME))).filter((c) => c.labels['swarmbench.role'] === 'worker')
          .length,
      (n) => n >= atLeast,
      { timeoutMs: 120_000, intervalMs: 100, onTimeout: (n) => new Error(`only ${n} worker containers appeared`) },
    );
  } finally {
    child.kill(signal);
  }
  return exited;
}

describe.skipIf(!existsSync('dist/harness/cli/main.js')).sequential('kill -9 in the middle of up', () => {
  afterAll(async () => {
    await down(NAME, { keepOuterSwarm: true });
  }, 300_000);

  it('down removes everything the killed up made', async () => {
    await killMidUp(5, 1);
    expect((await labelledObjects(local, NAME)).containers).toBeGreaterThan(0);
    await down(NAME, { keepOuterSwarm: true });
    expect(await labelledObjects(local, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 300_000);

  it('Ctrl-C with --rm-on-fail stops up, removes what it made, exits 130', async () => {
    const code = await killMidUp(5, 1, 'SIGINT', ['--rm-on-fail']);
    expect(code).toBe(130);
    expect(await labelledObjects(local, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 300_000);

  it('up after a killed up completes the cluster with an exact Ready count', async () => {
    await killMidUp(5, 2);
    const cluster = await up({ cluster: NAME, nodes: 4, nodeMode });
    try {
      const nodes = await listSwarmNodes(await cluster.manager());
      // The killed up may have left more containers than asked: up then changes nothing but reports it.
      expect(cluster.report.ready).toBe(nodes.filter((n) => n.state === 'ready').length);
      expect(cluster.report.ready).toBeGreaterThanOrEqual(4);
      const containers = (await listContainers(local, clusterFilter(NAME))).filter(
        (c) => c.labels['swarmbench.role'] !== 'registry',
      );
      expect(containers.length).toBe(cluster.report.ready);
    } finally {
      await cluster.close();
    }
    await down(NAME, { keepOuterSwarm: true });
    expect(await labelledObjects(local, NAME)).toEqual({ containers: 0, volumes: 0, networks: 0 });
  }, 400_000);
});
