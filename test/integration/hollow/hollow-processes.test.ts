// Hollow workers in worker processes (the built process entry, forked), driven over IPC:
// spawn spread over processes, chaos routed by hostname, per-process stats, a crashed process,
// and no process left behind.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hollowDir, hollowDown, hollowStats, hollowUp } from '../../../harness/hollow/lifecycle.js';
import { HollowPool } from '../../../harness/hollow/pool.js';
import { createLogger } from '../../../harness/util/log.js';
import { defaultEntryPath } from '../../../harness/hollow/process/controller.js';
import { docker, removeCluster, startManager, waitFor, type TestManager } from './swarm-manager.js';

const alive = (pid: number | undefined) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.sequential('hollow worker processes', () => {
  let mgr: TestManager | undefined;
  let pool: HollowPool | undefined;
  let identityDir = '';
  let stateDir = '';
  const hollowNodes = async () => (await mgr!.nodes()).filter((n) => n.hostname.startsWith('hp-'));

  beforeAll(async () => {
    // The processes run the compiled entry: build it from the current sources.
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: process.cwd() }).catch(() => undefined);
    expect(existsSync(defaultEntryPath())).toBe(true);
    identityDir = await mkdtemp(join(tmpdir(), 'swarmbench-hollow-p-'));
    stateDir = await mkdtemp(join(tmpdir(), 'swarmbench-hollow-state-'));
    mgr = await startManager();
    pool = await HollowPool.start({
      processes: 2,
      hostnamePrefix: 'hp',
      target: { address: mgr.address },
      joinToken: await mgr.workerToken(),
      identityDir,
      joinConcurrency: 4,
    });
  });

  afterAll(async () => {
    await pool?.close();
    if (stateDir) await hollowDown(stateDir).catch(() => undefined); // detached processes, if a test failed
    if (mgr) await removeCluster(mgr.cluster);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    if (identityDir) await rm(identityDir, { recursive: true, force: true });
  });

  it('spreads workers over the processes and the manager sees them all Ready', async () => {
    const result = await pool!.spawn(10);
    expect(result.failed).toEqual([]);
    expect(result.started.filter((h) => h.startsWith('hp-p0-'))).toHaveLength(5);
    expect(result.started.filter((h) => h.startsWith('hp-p1-'))).toHaveLength(5);
    await waitFor('10 Ready', hollowNodes, (ns) => ns.filter((n) => n.status === 'Ready').length === 10);

    const stats = await pool!.stats();
    expect(stats.map((s) => s.workers.ready)).toEqual([5, 5]);
    expect(new Set(stats.map((s) => s.pid)).size).toBe(2);
    expect(stats.every((s) => s.pid !== process.pid && s.memory.rssBytes > 0)).toBe(true);
  }, 180_000);

  it('routes chaos by hostname to the process that owns the worker', async () => {
    const targets = ['hp-p0-00000', 'hp-p1-00004'];
    expect((await pool!.pauseHeartbeats({ hostnames: targets })).sort()).toEqual(targets);
    const list = await pool!.list();
    expect(
      list
        .filter((w) => w.heartbeatsPaused)
        .map((w) => w.hostname)
        .sort(),
    ).toEqual(targets);
    expect((await pool!.resumeHeartbeats({ hostnames: targets })).sort()).toEqual(targets);
  }, 60_000);

  it('a crashed worker process takes its nodes Down, the others stay Ready', async () => {
    const [pid0] = pool!.pids;
    await pool!.crashProcess(0);
    expect(alive(pid0)).toBe(false);
    const nodes = await waitFor('p0 nodes Down', hollowNodes, (ns) =>
      ns.filter((n) => n.hostname.startsWith('hp-p0-')).every((n) => n.status === 'Down'),
    );
    expect(nodes.filter((n) => n.hostname.startsWith('hp-p1-') && n.status === 'Ready')).toHaveLength(5);
    await expect(pool!.stats()).rejects.toThrow(/not running|exited/);
  }, 180_000);

  it('close leaves no process behind', async () => {
    const pids = pool!.pids;
    await pool!.close();
    expect(pids.some(alive)).toBe(false);
  }, 60_000);

  it('detached workers outlive the command that started them; later commands attach, grow and tear down', async () => {
    const cluster = 'tdet';
    const base = {
      cluster,
      stateDir,
      manager: { address: mgr!.address },
      joinToken: await mgr!.workerToken(),
      processes: 2,
      joinConcurrency: 4,
    };
    const detNodes = async () => (await mgr!.nodes()).filter((n) => n.hostname.startsWith('tdet-hollow-'));

    // Joins say how far they got while they run (every 10 s by default; 50 ms here).
    const said: string[] = [];
    const logger = createLogger({ mode: 'plain', stream: { write: (line: string) => said.push(line) > 0 } });
    const first = await hollowUp({ ...base, count: 6, logger, progressEveryMs: 50 });
    expect(first.existing).toBe(0);
    expect(first.spawn.started).toHaveLength(6);
    const progress = said.filter((l) => /hollow workers: \d+\/6 joined, \d+ connecting/.test(l));
    expect(progress.length > 0 || first.spawn.durationMs < 50, said.join('')).toBe(true);
    const pids = first.pool.pids;
    first.pool.detach();
    expect(pids.every(alive)).toBe(true);
    await waitFor('6 detached Ready', detNodes, (ns) => ns.filter((n) => n.status === 'Ready').length === 6);

    const stats = await hollowStats(stateDir);
    expect(stats?.map((s) => s.workers.ready)).toEqual([3, 3]);

    const second = await hollowUp({ ...base, count: 8 });
    expect(second.existing).toBe(6);
    expect(second.spawn.started).toHaveLength(2);
    expect(second.pool.pids).toEqual(pids);
    expect(await second.pool.pauseHeartbeats({ hostnames: ['tdet-hollow-p1-00000'] })).toEqual([
      'tdet-hollow-p1-00000',
    ]);
    await second.pool.resumeHeartbeats({ hostnames: ['tdet-hollow-p1-00000'] });
    second.pool.detach();
    await waitFor('8 detached Ready', detNodes, (ns) => ns.filter((n) => n.status === 'Ready').length === 8);

    const down = await hollowDown(stateDir, async (ids) => {
      await mgr!.exec('node', 'rm', '--force', ...ids);
    });
    expect(down).toEqual({ processes: 2, nodesRemoved: 8 });
    expect(pids.some(alive)).toBe(false);
    expect(await detNodes()).toEqual([]);
    expect(existsSync(hollowDir(stateDir))).toBe(false);
  }, 240_000);

  it('a detached process whose managers are gone gives up instead of lingering', async () => {
    process.env.SWARMBENCH_HOLLOW_ORPHAN_MS = '4000'; // inherited by the detached processes
    const orphanDir = join(stateDir, 'orphan');
    const orphans = await HollowPool.start({
      processes: 1,
      hostnamePrefix: 'orph',
      target: { address: mgr!.address },
      joinToken: await mgr!.workerToken(),
      controlDir: orphanDir,
    });
    delete process.env.SWARMBENCH_HOLLOW_ORPHAN_MS;
    expect((await orphans.spawn(2)).started).toHaveLength(2);
    const pids = orphans.pids;
    orphans.detach();
    await docker('kill', mgr!.container); // the last test: the manager is not needed after it
    await waitFor(
      'orphaned process gone',
      async () => pids.some(alive),
      (any) => !any,
      90_000,
    );
  }, 180_000);
});
