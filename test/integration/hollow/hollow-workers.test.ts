// Hollow workers against a real swarm manager (a swarmbench/node container): join, task states
// (including desired READY and SHUTDOWN), heartbeat loss and rescheduling, kill, re-use of saved
// identities after a restart, and teardown with `node rm`. Small on purpose (20 workers): the
// host's two cores are shared.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HollowFleet } from '../../../harness/hollow/fleet.js';
import { removeCluster, startManager, waitFor, type TaskRow, type TestManager } from './swarm-manager.js';

const WORKERS = 20;
const PREFIX = 'hw';

describe.sequential('hollow workers against a real manager', () => {
  let mgr: TestManager | undefined;
  let fleet: HollowFleet | undefined;
  let identityDir = '';
  let token = '';

  const m = () => mgr!;
  const hollowNodes = async () => (await m().nodes()).filter((n) => n.hostname.startsWith(`${PREFIX}-`));
  const running = (tasks: TaskRow[]) => tasks.filter((t) => t.desired === 'Running' && t.current === 'Running');
  const newFleet = async () =>
    HollowFleet.create({
      target: { address: m().address },
      joinToken: token,
      hostnamePrefix: PREFIX,
      identityDir,
      joinConcurrency: 8,
      behaviour: { stepDelayMs: 150 },
      seed: 7,
    });

  beforeAll(async () => {
    identityDir = await mkdtemp(join(tmpdir(), 'swarmbench-hollow-'));
    mgr = await startManager();
    token = await mgr.workerToken();
    fleet = await newFleet();
  });

  afterAll(async () => {
    fleet?.close();
    if (mgr) await removeCluster(mgr.cluster);
    if (identityDir) await rm(identityDir, { recursive: true, force: true });
  });

  it('joins workers that the manager sees Ready, each with its own hostname and engine label hollow=true', async () => {
    const result = await fleet!.spawn(WORKERS);
    expect(result.failed).toEqual([]);
    expect(result.started).toHaveLength(WORKERS);

    const nodes = await waitFor(
      'hollow nodes Ready',
      hollowNodes,
      (ns) => ns.filter((n) => n.status === 'Ready').length === WORKERS,
    );
    expect(new Set(nodes.map((n) => n.hostname)).size).toBe(WORKERS);
    expect(nodes.every((n) => !n.manager)).toBe(true);

    const node = (await m().inspectNode(nodes[0]!.id)) as {
      Description: {
        Engine: { Labels: Record<string, string> };
        Platform: { OS: string };
        TLSInfo: { TrustRoot: string };
      };
    };
    expect(node.Description.Engine.Labels.hollow).toBe('true');
    expect(node.Description.Platform.OS).toBe('linux');
    expect(node.Description.TLSInfo.TrustRoot.trim()).toBe(fleet!.rootCaPem.trim());
  }, 180_000);

  it('walks tasks through every pre-run state, as the manager records them', async () => {
    // Slow steps on this service only (a service label), so each state is seen by polling.
    await m().exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'slow',
      '--replicas',
      '2',
      '--constraint',
      'engine.labels.hollow==true',
      '--label',
      'swarmbench.hollow.step-delay-ms=2500',
      'alpine',
      'top',
    );
    const seen = new Set<string>();
    await waitFor(
      'slow tasks running',
      async () => {
        const tasks = await m().tasks('slow');
        for (const t of tasks) seen.add(t.current);
        return tasks;
      },
      (ts) => running(ts).length === 2,
    );
    for (const state of ['Accepted', 'Preparing', 'Ready', 'Starting', 'Running']) expect(seen).toContain(state);
    await m().exec('service', 'rm', 'slow');
  }, 180_000);

  it('runs a 100-replica service on hollow workers', async () => {
    await m().exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'web',
      '--replicas',
      '100',
      '--constraint',
      'engine.labels.hollow==true',
      'alpine',
      'top',
    );
    const tasks = await waitFor(
      'web 100 running',
      () => m().tasks('web'),
      (ts) => running(ts).length === 100,
    );
    expect(new Set(tasks.map((t) => t.node)).size).toBe(WORKERS);
    expect(fleet!.stats().tasks.running).toBeGreaterThanOrEqual(100);
  }, 180_000);

  it('reports SHUTDOWN for tasks whose desired state is SHUTDOWN, and drops removed ones', async () => {
    await m().exec('service', 'update', '-d', '--force', '--update-parallelism', '0', 'web');
    const tasks = await waitFor(
      'web updated',
      () => m().tasks('web'),
      (ts) =>
        running(ts).length === 100 && ts.filter((t) => t.desired === 'Shutdown').every((t) => t.current === 'Shutdown'),
    );
    expect(tasks.filter((t) => t.desired === 'Shutdown').length).toBeGreaterThanOrEqual(100);

    await m().exec('service', 'rm', 'web');
    await waitFor(
      'workers without tasks',
      async () => fleet!.list().reduce((n, w) => n + w.tasks, 0),
      (n) => n === 0,
    );
  }, 180_000);

  it('stops at READY while READY is desired (a restart delay), fails tasks on request', async () => {
    // Every task fails soon after it started; the replacement waits out the restart delay with
    // desired state READY, and a real agent then prepares it and stops at READY.
    await m().exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'flaky',
      '--replicas',
      '2',
      '--constraint',
      'engine.labels.hollow==true',
      '--restart-delay',
      '5m',
      '--label',
      'swarmbench.hollow.fail-fraction=1',
      '--label',
      'swarmbench.hollow.fail-exit-code=3',
      '--label',
      'swarmbench.hollow.fail-after-ms=500',
      'alpine',
      'top',
    );
    const tasks = await waitFor(
      'flaky replacements at READY',
      () => m().tasks('flaky'),
      (ts) => ts.filter((t) => t.desired === 'Ready' && t.current === 'Ready').length === 2,
    );
    const failed = tasks.filter((t) => t.current === 'Failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed[0]!.error).toContain('non-zero exit (3)');
    // Still READY a few polls later: nothing moved past the desired state.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await m().tasks('flaky');
      expect(now.filter((t) => t.desired === 'Ready').every((t) => t.current === 'Ready')).toBe(true);
    }
    await m().exec('service', 'rm', 'flaky');
  }, 180_000);

  it('loses nodes whose heartbeats stop; the manager reschedules their tasks; they return when resumed', async () => {
    await m().exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'hb',
      '--replicas',
      '40',
      '--constraint',
      'engine.labels.hollow==true',
      'alpine',
      'top',
    );
    await waitFor(
      'hb 40 running',
      () => m().tasks('hb'),
      (ts) => running(ts).length === 40,
    );

    const victims = fleet!.pauseHeartbeats({ count: 4 });
    expect(victims).toHaveLength(4);
    await waitFor('paused nodes Down', hollowNodes, (ns) =>
      victims.every((v) => ns.find((n) => n.hostname === v)?.status === 'Down'),
    );
    const after = await waitFor(
      'hb rescheduled',
      () => m().tasks('hb'),
      (ts) => running(ts).filter((t) => !victims.includes(t.node)).length === 40,
    );
    expect(after.some((t) => victims.includes(t.node) && t.desired === 'Shutdown')).toBe(true);

    fleet!.resumeHeartbeats({ hostnames: victims });
    await waitFor(
      'resumed nodes Ready',
      hollowNodes,
      (ns) => ns.filter((n) => n.status === 'Ready').length === WORKERS,
    );
    await m().exec('service', 'rm', 'hb');
  }, 300_000);

  it('a killed worker goes Down', async () => {
    const ready = (await hollowNodes()).filter((n) => n.status === 'Ready').map((n) => n.hostname);
    const [victim] = fleet!.kill({ hostnames: ready.slice(-1) });
    expect(victim).toBeDefined();
    await waitFor('killed node Down', hollowNodes, (ns) => ns.find((n) => n.hostname === victim)?.status === 'Down');
  }, 180_000);

  it('a restarted simulator re-uses its saved nodes instead of adding new ones', async () => {
    const before = await hollowNodes();
    fleet!.close();
    fleet = await newFleet();
    const result = await fleet.spawn(WORKERS);
    expect(result.failed).toEqual([]);
    expect(result.reused).toBe(WORKERS);
    const nodes = await waitFor(
      'all Ready again',
      hollowNodes,
      (ns) => ns.filter((n) => n.status === 'Ready').length === WORKERS,
    );
    expect(nodes.map((n) => n.id).sort()).toEqual(before.map((n) => n.id).sort());
  }, 180_000);

  it('teardown: node rm removes the nodes from the manager, and their workers stop', async () => {
    const ids = (await hollowNodes()).map((n) => n.id);
    await m().exec('node', 'rm', '--force', ...ids);
    expect(await hollowNodes()).toEqual([]);
    await waitFor(
      'workers removed',
      async () => fleet!.list().map((w) => w.state),
      (states) => states.every((s) => s === 'removed'),
    );
    expect(await m().nodes()).toHaveLength(1);
  }, 180_000);

  it('after node rm, a restarted simulator joins its workers as new nodes', async () => {
    const removedIds = new Set(fleet!.list().map((w) => w.nodeId));
    fleet!.close();
    fleet = await newFleet();
    const result = await fleet.spawn(WORKERS);
    expect(result.failed).toEqual([]);
    expect(result.reused).toBe(0);
    const nodes = await waitFor(
      'new nodes Ready',
      hollowNodes,
      (ns) => ns.filter((n) => n.status === 'Ready').length === WORKERS,
    );
    expect(nodes.some((n) => removedIds.has(n.id))).toBe(false);
  }, 180_000);
});
