// Hollow-worker bench: a real manager, N hollow workers in P worker processes, then a service
// of R replicas on them, then a quiet hold. Prints the join rate, memory per worker, time until
// the manager sees every worker Ready, the service's convergence time, and stability during the
// hold (nodes that left Ready, missed heartbeats, event-loop lag, heartbeat round trips).
//   npm run build && node dist/bench/hollow/run.js [--workers 1000] [--processes 2] [--replicas 2000]
//     [--join-concurrency 128] [--hold 60] [--step-delay 150] [--converge-timeout 600]
//     [--dial direct|published] [--json]
// Every 10 s while the service converges it prints a progress line (running tasks, nodes Ready
// and Down, and the simulator's own heartbeat figures), so a manager that falls over can be told
// apart from a simulator that lags. Ctrl-C removes what the bench created.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FleetStats } from '../../harness/hollow/fleet.js';
import { HollowPool } from '../../harness/hollow/pool.js';
import { startBenchManager, type BenchManager, type DialMode } from './manager.js';

const { values: a } = parseArgs({
  options: {
    workers: { type: 'string', default: '1000' },
    processes: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '2000' },
    'join-concurrency': { type: 'string', default: '128' },
    hold: { type: 'string', default: '60' },
    'step-delay': { type: 'string', default: '150' },
    'converge-timeout': { type: 'string', default: '600' },
    dial: { type: 'string', default: 'direct' },
    json: { type: 'boolean', default: false },
  },
});
const workers = Number(a.workers);
const processes = Number(a.processes);
const replicas = Number(a.replicas);
const joinConcurrency = Number(a['join-concurrency']);
const holdS = Number(a.hold);
const stepDelayMs = Number(a['step-delay']);
const convergeTimeoutMs = Number(a['converge-timeout']) * 1000;
if (a.dial !== 'direct' && a.dial !== 'published') throw new Error(`--dial must be direct or published, not ${a.dial}`);
const dial: DialMode = a.dial;
const say = (s: string) => process.stderr.write(`${new Date().toISOString()} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

/** Mean join rate from the start until the curve first reached `count` Ready (null if it never did). */
function rateUntil(curve: readonly { seconds: number; ready: number }[], count: number): number | null {
  const hit = curve.find((c) => c.ready >= count);
  return hit ? Math.round((hit.ready / hit.seconds) * 10) / 10 : null;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not after ${timeoutMs} ms`);
    await sleep(1000);
  }
  return Date.now() - start;
}

function sumStats(stats: FleetStats[]) {
  return {
    rssBytes: stats.reduce((n, s) => n + s.memory.rssBytes, 0),
    heapUsedBytes: stats.reduce((n, s) => n + s.memory.heapUsedBytes, 0),
    ready: stats.reduce((n, s) => n + s.workers.ready, 0),
    running: stats.reduce((n, s) => n + (s.tasks.running ?? 0), 0),
    missed: stats.reduce((n, s) => n + s.health.heartbeatsMissed, 0),
    failed: stats.reduce((n, s) => n + s.health.heartbeatsFailed, 0),
    lagMaxMs: Math.max(...stats.map((s) => s.health.eventLoopLagMs.max)),
    rttP99Ms: Math.max(...stats.map((s) => s.health.heartbeatRttMs.p99)),
    cpuPercent: stats.reduce((n, s) => n + s.health.cpuPercent, 0),
  };
}

async function main(): Promise<void> {
  const cluster = `t-hw-bench-${randomBytes(3).toString('hex')}`;
  const identityDir = await mkdtemp(join(tmpdir(), 'swarmbench-hollow-bench-'));
  let mgr: BenchManager | undefined;
  let pool: HollowPool | undefined;
  const cleanup = async () => {
    await pool?.close().catch(() => undefined);
    await mgr?.remove().catch(() => undefined);
    await rm(identityDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: removing ${cluster}`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    say(`starting manager ${cluster}`);
    mgr = await startBenchManager(cluster, dial);
    say(`hollow workers dial ${mgr.address} (${dial})`);
    pool = await HollowPool.start({
      processes,
      hostnamePrefix: 'hb',
      target: { address: mgr.address },
      joinToken: await mgr.workerToken(),
      identityDir,
      joinConcurrency: Math.max(1, Math.round(joinConcurrency / processes)),
      behaviour: { stepDelayMs },
      maxOldSpaceMb: 4096,
    });
    const base = sumStats(await pool.stats());
    const u0 = await mgr.usage();

    say(`joining ${workers} hollow workers in ${processes} processes`);
    const t0 = Date.now();
    // Every 10 s: how many the manager lists Ready, and the join rate over those 10 s, since the
    // rate falls as the swarm grows (each join costs the manager more) and an average hides that.
    const joinCurve: { seconds: number; ready: number; perSecond: number }[] = [];
    const watchJoin = setInterval(() => {
      void mgr!.hollowStatus('hb-').then(
        (status) => {
          const ready = status['Ready'] ?? 0;
          const seconds = Math.round((Date.now() - t0) / 1000);
          const prev = joinCurve.at(-1) ?? { seconds: 0, ready: 0 };
          const perSecond = Math.round(((ready - prev.ready) / Math.max(1, seconds - prev.seconds)) * 10) / 10;
          joinCurve.push({ seconds, ready, perSecond });
          say(`  ${ready} Ready after ${seconds} s (${perSecond}/s over the last ${seconds - prev.seconds} s)`);
        },
        () => undefined,
      );
    }, 10_000);
    const spawned = await pool.spawn(workers).finally(() => clearInterval(watchJoin));
    const joinMs = Date.now() - t0;
    say(`${spawned.started.length} joined in ${joinMs} ms (${spawned.failed.length} failed)`);
    // Why joins failed, most common first: a count alone does not say where a join storm breaks.
    const reasons = new Map<string, number>();
    for (const f of spawned.failed) reasons.set(f.error.slice(0, 160), (reasons.get(f.error.slice(0, 160)) ?? 0) + 1);
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 5)) say(`  ${n} x ${reason}`);
    const readyMs =
      (await until(
        'all Ready',
        async () => ((await mgr!.hollowStatus('hb-'))['Ready'] ?? 0) >= spawned.started.length,
        600_000,
      )) + joinMs;
    const afterJoin = sumStats(await pool.stats());
    say(`manager sees ${spawned.started.length} Ready ${readyMs} ms after the first join`);

    const u1 = await mgr.usage();
    say(`service of ${replicas} replicas`);
    await mgr.exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'bench',
      '--replicas',
      String(replicas),
      '--constraint',
      'engine.labels.hollow==true',
      'alpine',
      'top',
    );
    let lastProgress = 0;
    let convergeMissed = 0;
    let convergeDownMax = 0;
    let converged = true;
    const convergeMs = await until(
      'service converged',
      async () => {
        const out = await mgr!.exec('service', 'ls', '--filter', 'name=bench', '--format', '{{.Replicas}}');
        if (Date.now() - lastProgress >= 10_000) {
          lastProgress = Date.now();
          const st = await mgr!.hollowStatus('hb-');
          const sim = sumStats(await pool!.stats());
          convergeMissed += sim.missed;
          convergeDownMax = Math.max(convergeDownMax, st['Down'] ?? 0);
          say(
            `  ${out.trim()} running; nodes ${JSON.stringify(st)}; simulator: ${sim.ready} sessions up, heartbeats missed ${sim.missed} failed ${sim.failed}, lag max ${sim.lagMaxMs} ms, rtt p99 ${sim.rttP99Ms} ms, cpu ${Math.round(sim.cpuPercent)}%`,
          );
        }
        return out.trim() === `${replicas}/${replicas}`;
      },
      convergeTimeoutMs,
    ).catch((err: unknown) => {
      say(String(err instanceof Error ? err.message : err));
      converged = false;
      return convergeTimeoutMs;
    });
    say(converged ? `converged in ${convergeMs} ms` : 'not converged');
    const afterService = sumStats(await pool.stats());

    const u2 = await mgr.usage();
    say(`holding ${holdS} s`);
    let leftReady = 0;
    let missed = 0;
    let lagMaxMs = 0;
    let rttP99Ms = 0;
    let simCpu = 0;
    for (let t = 0; t < holdS; t += 10) {
      await sleep(10_000);
      const s = sumStats(await pool.stats());
      missed += s.missed;
      lagMaxMs = Math.max(lagMaxMs, s.lagMaxMs);
      rttP99Ms = Math.max(rttP99Ms, s.rttP99Ms);
      simCpu += s.cpuPercent / Math.ceil(holdS / 10);
      const status = await mgr.hollowStatus('hb-');
      leftReady = Math.max(leftReady, spawned.started.length - (status['Ready'] ?? 0));
    }
    const u3 = await mgr.usage();
    // A phase of no length (--hold 0) has no CPU share: null, not Infinity.
    const cpuPercent = (from: { cpuSeconds: number }, to: { cpuSeconds: number }, ms: number) =>
      ms > 0 ? Math.round(((to.cpuSeconds - from.cpuSeconds) / (ms / 1000)) * 1000) / 10 : null;

    const figures = {
      workers,
      processes,
      joined: spawned.started.length,
      joinFailed: spawned.failed.length,
      joinSeconds: joinMs / 1000,
      joinsPerSecond: Math.round((spawned.started.length / (joinMs / 1000)) * 10) / 10,
      // The rate while the first 2,000 (Swarm2k's size, roughly) joined, from the curve.
      joinsPerSecondFirst2000: rateUntil(joinCurve, 2000),
      allReadySeconds: readyMs / 1000,
      memoryPerWorkerKiB: Math.round((afterJoin.rssBytes - base.rssBytes) / 1024 / Math.max(1, spawned.started.length)),
      heapPerWorkerKiB: Math.round(
        (afterJoin.heapUsedBytes - base.heapUsedBytes) / 1024 / Math.max(1, spawned.started.length),
      ),
      processRssMiB: mib(afterService.rssBytes),
      replicas,
      stepDelayMs,
      converged,
      convergeSeconds: convergeMs / 1000,
      nodesDownMaxWhileConverging: convergeDownMax,
      heartbeatsMissedWhileConverging: convergeMissed,
      tasksPerSecond: Math.round((replicas / (convergeMs / 1000)) * 10) / 10,
      runningReportedByWorkers: afterService.running,
      holdSeconds: holdS,
      nodesLeftReadyDuringHold: leftReady,
      heartbeatsMissedDuringHold: missed,
      eventLoopLagMaxMs: lagMaxMs,
      heartbeatRttP99Ms: rttP99Ms,
      simulatorCpuPercentHold: Math.round(simCpu * 10) / 10,
      simulatorCpuPercentJoin: afterJoin.cpuPercent,
      managerCpuPercentJoin: cpuPercent(u0, u1, readyMs),
      managerCpuPercentConverge: cpuPercent(u1, u2, convergeMs),
      managerCpuPercentHold: cpuPercent(u2, u3, holdS * 1000),
      managerRssMiBAtEnd: u3.rssMiB,
    };
    if (a.json) process.stdout.write(JSON.stringify({ ...figures, joinCurve }, null, 2) + '\n');
    else for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(28)} ${v}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  say(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 3;
});
