// http.load: requests from a client on the cluster overlay (curl inside a manager's node
// container, which is on the overlay and runs no tasks) against the service's published port on
// every node (routing mesh), or on every node that runs a task (host mode, where there is no
// IPVS). Records success ratio, latency, and how evenly the replicas answered.
import type { NodeInfo } from '../../cluster/types.js';
import { execIn } from '../../docker/exec.js';
import { listNodes, listServiceTasks } from '../../docker/services.js';
import { InfrastructureError } from '../../errors.js';
import { Measurement } from '../../metrics/measurements.js';
import { percentile } from '../../metrics/percentiles.js';
import { parseDuration } from '../../util/duration.js';
import type { StepContext } from './context.js';
import { loadScript, parseAnswers, summarize } from './http-client.js';

export interface HttpLoadStep {
  service: string;
  port: number;
  duration: string | number;
  concurrency?: number;
  path?: string;
}

async function targets(ctx: StepContext, b: HttpLoadStep, nodes: NodeInfo[]): Promise<NodeInfo[]> {
  const dind = nodes.filter((n) => !n.hollow && n.address);
  if (ctx.publishMode === 'ingress') return dind;
  const engine = await ctx.manager();
  const [tasks, swarm] = await Promise.all([
    listServiceTasks(engine, { service: b.service, desiredRunning: true }),
    listNodes(engine),
  ]);
  const hosting = new Set(
    tasks
      .filter((t) => t.state === 'running')
      .map((t) => swarm.find((s) => s.id === t.nodeId)?.hostname)
      .filter(Boolean),
  );
  return dind.filter(
    (n) => hosting.has(n.name) || (n.nodeId !== undefined && tasks.some((t) => t.nodeId === n.nodeId)),
  );
}

export async function httpLoad(ctx: StepContext, b: HttpLoadStep): Promise<void> {
  const nodes = (await ctx.cluster.nodes()).sort((a, z) => a.name.localeCompare(z.name));
  const client = nodes.find((n) => n.role === 'manager' && !n.hollow) ?? nodes.find((n) => !n.hollow);
  const engine = client && ctx.cluster.outerEngines().find((e) => e.name === client.host);
  if (!client || !engine) throw new InfrastructureError('http.load: no node container to run the HTTP client in');
  const list = await targets(ctx, b, nodes);
  if (list.length === 0)
    throw new InfrastructureError(`http.load: no node publishes ${b.service}:${b.port} (${ctx.publishMode} mode)`);
  const durationS = (parseDuration(b.duration) ?? 30_000) / 1000;
  const concurrency = b.concurrency ?? 4;
  const path = b.path ?? '/';
  const urls = list.map((n) => `http://${n.address}:${b.port}${path.startsWith('/') ? path : `/${path}`}`);
  ctx.log.info(
    `http.load: ${concurrency} client loop(s) in ${client.name} for ${durationS} s against ${urls.length} node(s), ${ctx.publishMode === 'ingress' ? 'routing mesh' : 'HOST-MODE ports (no IPVS: DNS round-robin, no routing mesh)'}`,
  );
  // Ctrl-C stops the load early but keeps what it measured: the loops see the stop file, end
  // within one request, and print their answers (the runner then stops after this step).
  const stopFile = `/tmp/swarmbench-http-stop-${ctx.runId}-${ctx.recorder.step.index}`;
  const stop = () => void execIn(engine, client.containerId, ['touch', stopFile]).catch(() => undefined);
  ctx.signal?.addEventListener('abort', stop, { once: true });
  const t0 = Date.now();
  const res = await execIn(
    engine,
    client.containerId,
    ['sh', '-c', loadScript(urls, durationS, concurrency, stopFile)],
    {
      timeoutMs: (durationS + 60) * 1000,
    },
  ).finally(() => ctx.signal?.removeEventListener('abort', stop));
  const elapsedS = (Date.now() - t0) / 1000;
  const answers = parseAnswers(res.output);
  if (answers.length === 0) {
    throw new InfrastructureError(
      `http.load: the client in ${client.name} sent no request (exit ${res.exitCode}): ${res.output.slice(0, 300)}`,
    );
  }
  const s = summarize(answers);

  ctx.recorder.set('http.success_ratio', s.successRatio);
  ctx.recorder.add('http.requests', s.requests);
  ctx.recorder.set('http.requests_per_second', s.requests / Math.max(1, elapsedS));
  ctx.recorder.set('http.replicas_seen', s.replicasSeen);
  if (s.imbalance !== undefined) ctx.recorder.set('http.replica_imbalance', s.imbalance);
  for (const l of s.latencies) ctx.recorder.observe('http.latency', l);

  const now = Date.now();
  for (const [target, t] of Object.entries(s.perTarget)) {
    const sorted = [...t.latencies].sort((x, y) => x - y);
    ctx.recorder.record({
      measurement: Measurement.http,
      tags: { target, mode: ctx.publishMode, run: ctx.runId, scenario: ctx.scenario, step: ctx.recorder.step.name },
      fields: {
        requests: t.requests,
        errors: t.errors,
        replicas_seen: s.replicasSeen,
        ...(sorted.length
          ? { p50_ms: percentile(sorted, 50), p90_ms: percentile(sorted, 90), p99_ms: percentile(sorted, 99) }
          : {}),
      },
      intFields: ['requests', 'errors', 'replicas_seen'],
      timeMs: now,
    });
  }
  const sorted = [...s.latencies].sort((x, y) => x - y);
  const p99 = sorted.length ? percentile(sorted, 99) : undefined;
  Object.assign(ctx.result, {
    requests: s.requests,
    success_ratio: Number(s.successRatio.toFixed(5)),
    replicas_seen: s.replicasSeen,
    publish_mode: ctx.publishMode,
    // Answers per replica, busiest first: how evenly the routing (mesh or DNS) spread the load.
    replica_answers: Object.entries(s.perReplica)
      .sort((a, z) => z[1] - a[1])
      .map(([r, n]) => `${r}=${n}`)
      .join(','),
    ...(p99 !== undefined ? { p99_ms: Number(p99.toFixed(2)) } : {}),
  });
  ctx.log.info(
    `http.load: ${s.requests} requests, ${(s.successRatio * 100).toFixed(2)}% ok, p99 ${p99?.toFixed(1) ?? '-'} ms, ${s.replicasSeen} replicas answered${s.imbalance ? ` (busiest/mean ${s.imbalance.toFixed(2)})` : ''}`,
  );
}
