// The collectors against a real swarm: one dind node (a manager that also runs tasks) started
// for this test alone. A service is created and scaled while a metrics session runs; then the
// last recorded running count equals what `docker service ls` says, and there is exactly one
// latency sample per task that reached running.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle, NodeInfo } from '../../../harness/cluster/types.js';
import { listContainers, removeContainer, runContainer } from '../../../harness/docker/containers.js';
import { connect, type Engine } from '../../../harness/docker/engine.js';
import { answers } from '../../../harness/docker/host-info.js';
import { copyImage } from '../../../harness/docker/image-transfer.js';
import { createService, scaleService } from '../../../harness/docker/services.js';
import { initSwarm } from '../../../harness/docker/swarm.js';
import { listServicesWithStatus, listTasks } from '../../../harness/docker/swarm-read.js';
import { removeVolume } from '../../../harness/docker/volumes.js';
import { decodeLines } from '../../../harness/metrics/line-protocol.js';
import { Measurement, type Point } from '../../../harness/metrics/measurements.js';
import { MetricsSession, type MetricsResult } from '../../../harness/metrics/session.js';

const outer = connect();
const tag = `t-mx-swarm-${process.pid}`;
let root: string;
let nodeId: string | undefined;
let inner: Engine;
let result: MetricsResult;
let points: Point[];
let sessionStart: number;

async function until<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

const converged = (replicas: number) =>
  until(
    `service converged at ${replicas}`,
    () => listServicesWithStatus(inner),
    (s) => s[0]?.desired === replicas && s[0]?.running === replicas,
  );

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 't-mx-swarm-'));
  const api = join(root, 'api');
  nodeId = await runContainer(outer, {
    name: tag,
    hostname: tag,
    image: 'swarmbench/node:latest',
    labels: { 'swarmbench.run': tag },
    mode: 'capabilities',
    binds: [`${tag}:/var/lib/docker`, `${api}:/run/swarmbench-api`],
    cmd: ['-H', 'unix:///var/run/docker.sock', '-H', 'unix:///run/swarmbench-api/docker.sock'],
  });
  inner = connect({ name: tag, url: `unix://${api}/docker.sock` });
  await until(
    'inner engine answers',
    () => answers(inner),
    (ok) => ok,
  );
  await initSwarm(inner, { advertiseAddr: '127.0.0.1' });
  await copyImage(outer, inner, 'swarmbench/alpine:latest');

  const node: NodeInfo = { name: tag, role: 'manager', host: 'local', containerId: nodeId, hollow: false };
  const cluster = {
    info: { name: tag, subnet: '', nodeMode: 'capabilities', ipvs: false, registry: '' },
    manager: async () => inner,
    outerEngines: () => [outer],
    nodes: async () => [node],
  } as unknown as ClusterHandle;

  sessionStart = Date.now();
  const session = await MetricsSession.start({
    runDir: join(root, 'run'),
    runId: tag,
    scenario: 'collector-test',
    cluster,
  });
  session.setStep('create', 0);
  await createService(inner, {
    name: 'top',
    image: 'swarmbench/alpine:latest',
    command: ['top'],
    mode: 'replicated',
    replicas: 4,
  });
  await converged(4);
  session.setStep('scale', 1);
  await scaleService(inner, 'top', 10);
  await converged(10);
  // a few ticks at steady state: they must cost no task calls
  await new Promise((r) => setTimeout(r, 3000));
  result = await session.stop();
  points = decodeLines(await readFile(result.files.lineProtocol, 'utf8'));
}, 600_000);

afterAll(async () => {
  if (nodeId) await removeContainer(outer, nodeId).catch(() => undefined);
  await removeVolume(outer, tag).catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

describe.sequential('collectors against a real swarm', () => {
  it("records a last running count equal to the swarm's own", async () => {
    const svc = points.filter((p) => p.measurement === Measurement.service && p.tags.service === 'top');
    const swarm = (await listServicesWithStatus(inner))[0]!;
    expect(svc.at(-1)?.fields.running).toBe(swarm.running);
    expect(swarm.running).toBe(10);
    expect(svc.at(-1)?.fields.desired).toBe(10);
    expect(result.summary['tasks.running']).toBe(10);
  });

  it("has one latency sample per task that reached running, from the swarm's timestamps", async () => {
    const tasks = (await listTasks(inner, { desiredState: 'running' })).filter(
      (t) => t.state === 'running' && t.statusMs >= sessionStart,
    );
    const samples = points.filter((p) => p.measurement === Measurement.task);
    expect(samples.length).toBe(tasks.length);
    expect(new Set(samples.map((p) => p.fields.task))).toEqual(new Set(tasks.map((t) => t.id)));
    for (const s of samples) {
      const t = tasks.find((x) => x.id === s.fields.task)!;
      expect(s.fields.latency_ms).toBeCloseTo(t.statusMs - t.createdMs, 2);
    }
    expect(result.summary['tasks.started']).toBe(tasks.length);
    expect(result.summary['tasks.startup_latency.p99']).toBeGreaterThan(0);
    expect(new Set(samples.map((p) => p.tags.step))).toEqual(new Set(['create', 'scale']));
    const csv = (await readFile(result.files.tables['tasks.csv']!, 'utf8')).trim().split('\n');
    expect(csv.length).toBe(tasks.length + 1);
  });

  it('gives each task the states its looks caught, in the swarm’s order, and the share of phases unobserved', async () => {
    const samples = points.filter((p) => p.measurement === Measurement.task);
    const order = ['created', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'];
    for (const s of samples) {
      // entry times that were observed never go backwards along the task's life
      const seen = order.map((st) => s.fields[`${st}_ms`]).filter((v): v is number => typeof v === 'number');
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      for (const k of Object.keys(s.fields).filter((f) => f.startsWith('phase_')))
        expect(s.fields[k] as number).toBeGreaterThanOrEqual(0);
    }
    const ratio = result.summary['tasks.phase.unobserved_ratio']!;
    expect(ratio).toBeGreaterThanOrEqual(0);
    expect(ratio).toBeLessThanOrEqual(1);
    const header = (await readFile(result.files.tables['tasks.csv']!, 'utf8')).split('\n')[0];
    expect(header).toBe(
      'task,service,node,created_ms,running_ms,latency_ms,step,phase_scheduling_ms,phase_dispatch_ms,phase_prepare_ms,phase_start_ms',
    );
    expect(points.filter((p) => p.measurement === Measurement.taskFailed)).toEqual([]);
  });

  it('records node states, the leader, and node container resources', () => {
    const nodes = points.filter((p) => p.measurement === Measurement.nodes);
    expect(nodes.at(-1)?.fields).toMatchObject({ ready: 1, down: 0, managers: 1 });
    expect(points.filter((p) => p.measurement === Measurement.leader)).toHaveLength(1);
    const res = points.filter((p) => p.measurement === Measurement.nodeResources);
    expect(res.length).toBeGreaterThan(3);
    expect(res.every((p) => p.tags.node === tag && p.tags.role === 'manager' && p.tags.host === 'local')).toBe(true);
    expect(Math.max(...res.map((p) => Number(p.fields.mem_bytes)))).toBeGreaterThan(10e6);
    expect(points.some((p) => p.measurement === Measurement.hostResources)).toBe(true);
    expect(result.summary['manager.cpu_percent.max']).toBeGreaterThan(0);
    expect(result.calls['resources.cgroup_reads']).toBeGreaterThan(0);
    expect(result.calls['resources.stats']).toBe(0);
  });

  it('keeps to one manager call per second per service (one service here), the last look aside', () => {
    const c = result.calls;
    const manager = c['swarm.services']! + c['swarm.tasks']! + c['swarm.tasks_history']! + c['swarm.nodes']!;
    const seconds = points.filter((p) => p.measurement === Measurement.harness).length;
    expect(c['swarm.tasks']).toBeGreaterThan(0);
    expect(manager).toBeLessThanOrEqual(seconds + 2 + 4);
    // most seconds have a count for the service (from the services call or the task list); with a
    // single service a node list or the task history takes a second of its own now and then
    const svcSeconds = [
      ...new Set(points.filter((p) => p.measurement === Measurement.service).map((p) => Math.floor(p.timeMs / 1000))),
    ].sort();
    const span = svcSeconds.at(-1)! - svcSeconds[0]! + 1;
    console.log(`calls ${JSON.stringify(c)} over ${seconds} s; service counts in ${svcSeconds.length} of ${span} s`);
    expect(svcSeconds.length).toBeGreaterThanOrEqual(span * 0.5);
  });

  it("sees where the inner engine puts its containers' cgroups (informational)", async () => {
    const dirs = await readdir('/sys/fs/cgroup/cpuacct/docker').catch(() => [] as string[]);
    const innerIds = (await listContainers(inner, {}, { runningOnly: true })).map((c) => c.id);
    const beside = innerIds.filter((id) => dirs.includes(id)).length;
    console.log(`inner task containers with a cgroup beside the node's: ${beside} of ${innerIds.length}`);
    expect(innerIds.length).toBe(10);
  });
});
