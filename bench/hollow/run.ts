// Hollow-worker bench: M real managers, N hollow workers in P worker processes, then a service
// of R replicas on them, then a quiet hold. Prints the join rate, memory per worker, time until
// the managers see every worker Ready, the service's convergence time, and stability during the
// hold (Ready count every 10 s, nodes that left Ready, missed heartbeats, event-loop lag,
// heartbeat round trips), and in every phase the simulator's CPU beside the managers' (all
// dockerds summed) with their ratio: the simulator must stay well below the system it measures.
//   npm run build && node dist/bench/hollow/run.js [--workers 1000] [--managers 1] [--processes 2]
//     [--replicas 2000] [--ramp-steps 1] [--mem-fraction 0.85] [--join-concurrency 128] [--hold 60]
//     [--step-delay 150] [--converge-timeout 600] [--dial direct|published] [--json] [--out FILE]
// The service is scaled to --replicas in --ramp-steps equal steps, each waited for until the
// workers run every task (their own count: polling `service ls` costs the managers a task list
// per call, which at 100,000 tasks is itself a load); the ramp stops early, and says so, when the
// host's memory in use passes --mem-fraction (three managers each hold the whole raft store) or
// a step does not converge within --converge-timeout. The hold is then at the size reached.
// Every 10 s while a step converges it prints a progress line (running tasks, nodes Ready and
// Down, and the simulator's own heartbeat figures), so a manager that falls over can be told
// apart from a simulator that lags. Ctrl-C removes what the bench created.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FleetStats } from '../../harness/hollow/fleet.js';
import { HollowPool } from '../../harness/hollow/pool.js';
import { hostMemFraction } from '../../harness/util/proc-stat.js';
import { startBenchManagers, type BenchManagers, type DialMode, type DockerdUsage } from './manager.js';

const { values: a } = parseArgs({
  options: {
    workers: { type: 'string', default: '1000' },
    managers: { type: 'string', default: '1' },
    processes: { type: 'string', default: '2' },
    replicas: { type: 'string', default: '2000' },
    'ramp-steps': { type: 'string', default: '1' },
    'mem-fraction': { type: 'string', default: '0.85' },
    'join-concurrency': { type: 'string', default: '128' },
    hold: { type: 'string', default: '60' },
    'step-delay': { type: 'string', default: '150' },
    'converge-timeout': { type: 'string', default: '600' },
    dial: { type: 'string', default: 'direct' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const workers = Number(a.workers);
const managerCount = Number(a.managers);
const processes = Number(a.processes);
const replicas = Number(a.replicas);
const rampSteps = Math.max(1, Number(a['ramp-steps']));
const memFraction = Number(a['mem-fraction']);
const joinConcurrency = Number(a['join-concurrency']);
const holdS = Number(a.hold);
const stepDelayMs = Number(a['step-delay']);
const convergeTimeoutMs = Number(a['converge-timeout']) * 1000;
if (a.dial !== 'direct' && a.dial !== 'published') throw new Error(`--dial must be direct or published, not ${a.dial}`);
const dial: DialMode = a.dial;
const say = (s: string) => process.stderr.write(`${new Date().toISOString()} ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Mean join rate from the start until the curve first reached `count` Ready (null if it never did). */
function rateUntil(curve: readonly { seconds: number; ready: number }[], count: number): number | null {
  const hit = curve.find((c) => c.ready >= count);
  return hit ? round1(hit.ready / hit.seconds) : null;
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
    /** CPU milliseconds the processes used since the previous stats call. */
    cpuMs: stats.reduce((n, s) => n + (s.health.cpuPercent / 100) * s.health.intervalMs, 0),
  };
}

type Phase = 'join' | 'converge' | 'hold';

/**
 * CPU per phase, simulator and managers side by side. The simulator's comes from its processes'
 * own counters (every stats call covers the time since the previous one, so every call is
 * added to the phase it ends in); the managers' from their dockerds' /proc, read at phase edges.
 */
class CpuLedger {
  private readonly simMs: Record<Phase, number> = { join: 0, converge: 0, hold: 0 };
  private readonly phaseMs: Partial<Record<Phase, number>> = {};
  private readonly managers: Partial<Record<Phase, { from: DockerdUsage[]; to?: DockerdUsage[] }>> = {};
  private phase: Phase | undefined;
  private since = 0;

  constructor(private readonly pool: HollowPool) {}

  /** The pool's stats, the CPU they report added to the current phase. */
  async stats(): Promise<ReturnType<typeof sumStats>> {
    const s = sumStats(await this.pool.stats());
    if (this.phase) this.simMs[this.phase] += s.cpuMs;
    return s;
  }

  async begin(phase: Phase, usage: DockerdUsage[]): Promise<void> {
    await this.stats(); // what came before belongs to the previous phase (or to none)
    this.phase = phase;
    this.since = Date.now();
    this.managers[phase] = { from: usage };
  }

  async end(usage: DockerdUsage[]): Promise<ReturnType<typeof sumStats>> {
    const s = await this.stats();
    const phase = this.phase!;
    this.phaseMs[phase] = Date.now() - this.since;
    this.managers[phase]!.to = usage;
    this.phase = undefined;
    return s;
  }

  /** % of one core over the phase: the simulator's processes, every manager, their sum, the ratio. */
  figures(phase: Phase) {
    const ms = this.phaseMs[phase];
    const m = this.managers[phase];
    if (!ms || !m?.to) return null;
    const perManager = m.to.map((u, i) => ({
      container: u.container,
      cpuPercent: round1(((u.cpuSeconds - m.from[i]!.cpuSeconds) * 1000 * 100) / ms),
      rssMiB: u.rssMiB,
    }));
    const managersCpu = perManager.reduce((n, p) => n + p.cpuPercent, 0);
    const simulatorCpu = (this.simMs[phase] * 100) / ms;
    return {
      seconds: ms / 1000,
      simulatorCpuPercent: round1(simulatorCpu),
      managersCpuPercent: round1(managersCpu),
      simulatorToManagers: managersCpu > 0 ? Math.round((simulatorCpu / managersCpu) * 100) / 100 : null,
      perManager,
    };
  }
}

async function main(): Promise<void> {
  const cluster = `t-hw-bench-${randomBytes(3).toString('hex')}`;
  const identityDir = await mkdtemp(join(tmpdir(), 'swarmbench-hollow-bench-'));
  let mgr: BenchManagers | undefined;
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
  const loadAtStart = loadavg()[0]!;
  try {
    say(`starting ${managerCount} manager(s) ${cluster}`);
    mgr = await startBenchManagers(cluster, managerCount, dial);
    say(`hollow workers dial ${mgr.addresses.join(', ')} (${dial})`);
    pool = await HollowPool.start({
      processes,
      hostnamePrefix: 'hb',
      target: { address: mgr.addresses.length === 1 ? mgr.addresses[0]! : mgr.addresses },
      joinToken: await mgr.workerToken(),
      identityDir,
      joinConcurrency: Math.max(1, Math.round(joinConcurrency / processes)),
      behaviour: { stepDelayMs },
      maxOldSpaceMb: 4096,
    });
    const ledger = new CpuLedger(pool);
    const base = await ledger.stats();

    say(`joining ${workers} hollow workers in ${processes} processes`);
    await ledger.begin('join', await mgr.usage());
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
          const perSecond = round1((ready - prev.ready) / Math.max(1, seconds - prev.seconds));
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
    const afterJoin = await ledger.end(await mgr.usage());
    say(`managers see ${spawned.started.length} Ready ${readyMs} ms after the first join`);

    say(`service of ${replicas} replicas in ${rampSteps} step(s)`);
    await ledger.begin('converge', await mgr.usage());
    await mgr.first.exec(
      'service',
      'create',
      '-d',
      '--no-resolve-image',
      '--name',
      'bench',
      '--replicas',
      '0',
      '--constraint',
      'engine.labels.hollow==true',
      'alpine',
      'top',
    );
    const ramp: {
      replicas: number;
      seconds: number;
      tasksPerSecond: number;
      nodesDownMax: number;
      heartbeatsMissed: number;
      hostMemFraction: number | null;
      managersRssMiB: number;
    }[] = [];
    let convergeMissed = 0;
    let convergeDownMax = 0;
    let converged = true;
    let stoppedBy: 'host-memory' | 'step-timeout' | null = null;
    let running = 0;
    const convergeStart = Date.now();
    for (let i = 1; i <= rampSteps; i++) {
      const target = Math.round((replicas * i) / rampSteps);
      const before = running;
      const stepStart = Date.now();
      let stepDown = 0;
      let stepMissed = 0;
      let lastProgress = Date.now();
      await mgr.first.exec('service', 'scale', '-d', `bench=${target}`);
      const ok = await until(
        `${target} running`,
        async () => {
          const sim = await ledger.stats();
          running = sim.running;
          stepMissed += sim.missed;
          if (Date.now() - lastProgress >= 10_000) {
            lastProgress = Date.now();
            const st = await mgr!.hollowStatus('hb-');
            stepDown = Math.max(stepDown, st['Down'] ?? 0);
            say(
              `  ${running}/${target} running; nodes ${JSON.stringify(st)}; simulator: ${sim.ready} sessions up, heartbeats missed ${sim.missed} failed ${sim.failed}, lag max ${sim.lagMaxMs} ms, rtt p99 ${sim.rttP99Ms} ms`,
            );
          }
          return running >= target;
        },
        convergeTimeoutMs,
      ).then(
        () => true,
        (err: unknown) => {
          say(String(err instanceof Error ? err.message : err));
          return false;
        },
      );
      const seconds = (Date.now() - stepStart) / 1000;
      const usage = await mgr.usage();
      const memUsed = hostMemFraction();
      ramp.push({
        replicas: target,
        seconds,
        tasksPerSecond: round1((running - before) / seconds),
        nodesDownMax: stepDown,
        heartbeatsMissed: stepMissed,
        hostMemFraction: memUsed === undefined ? null : Math.round(memUsed * 1000) / 1000,
        managersRssMiB: usage.reduce((n, u) => n + u.rssMiB, 0),
      });
      convergeMissed += stepMissed;
      convergeDownMax = Math.max(convergeDownMax, stepDown);
      say(
        `step ${i}/${rampSteps}: ${running}/${target} running after ${seconds.toFixed(1)} s; managers ${ramp.at(-1)!.managersRssMiB} MiB; host memory ${memUsed === undefined ? '?' : Math.round(memUsed * 100)} % used`,
      );
      if (!ok) {
        converged = false;
        stoppedBy = 'step-timeout';
        break;
      }
      if (i < rampSteps && memUsed !== undefined && memUsed > memFraction) {
        say(`ramp stopped: host memory ${Math.round(memUsed * 100)} % used, over ${Math.round(memFraction * 100)} %`);
        stoppedBy = 'host-memory';
        break;
      }
    }
    const convergeMs = Date.now() - convergeStart;
    const afterService = await ledger.end(await mgr.usage());
    convergeMissed += afterService.missed;
    const reached = ramp.at(-1)?.replicas ?? 0;
    // The managers' own count once, at the end (each `service ls` lists every task).
    const listed = (
      await mgr.first.exec('service', 'ls', '--filter', 'name=bench', '--format', '{{.Replicas}}')
    ).trim();
    say(
      `${converged ? 'converged' : 'not converged'} at ${running} running in ${convergeMs} ms; the managers list ${listed}`,
    );

    say(`holding ${holdS} s`);
    await ledger.begin('hold', await mgr.usage());
    const holdStart = Date.now();
    // Every 10 s: the Ready count as the managers list it, and the simulator's own figures.
    const holdCurve: { seconds: number; ready: number; down: number; missed: number; simulatorCpuPercent: number }[] =
      [];
    let leftReady = 0;
    let missed = 0;
    let lagMaxMs = 0;
    let rttP99Ms = 0;
    while (Date.now() - holdStart < holdS * 1000) {
      await sleep(Math.min(10_000, holdS * 1000 - (Date.now() - holdStart)));
      const s = await ledger.stats();
      missed += s.missed;
      lagMaxMs = Math.max(lagMaxMs, s.lagMaxMs);
      rttP99Ms = Math.max(rttP99Ms, s.rttP99Ms);
      const status = await mgr.hollowStatus('hb-');
      const ready = status['Ready'] ?? 0;
      leftReady = Math.max(leftReady, spawned.started.length - ready);
      const point = {
        seconds: Math.round((Date.now() - holdStart) / 1000),
        ready,
        down: status['Down'] ?? 0,
        missed: s.missed,
        simulatorCpuPercent: round1(s.cpuPercent),
      };
      holdCurve.push(point);
      say(
        `  hold ${point.seconds} s: ${ready} Ready, ${point.down} Down; missed heartbeats ${s.missed}; simulator cpu ${point.simulatorCpuPercent}%`,
      );
    }
    const atEnd = await ledger.end(await mgr.usage());
    missed += atEnd.missed;
    const cpu = { join: ledger.figures('join'), converge: ledger.figures('converge'), hold: ledger.figures('hold') };
    for (const [phase, f] of Object.entries(cpu))
      if (f)
        say(
          `${phase}: simulator ${f.simulatorCpuPercent}% of a core, managers ${f.managersCpuPercent}% (${f.perManager.map((p) => `${p.cpuPercent}%`).join(' + ')}): ratio ${f.simulatorToManagers}`,
        );

    const joined = Math.max(1, spawned.started.length);
    const figures = {
      bench: 'hollow',
      command: `node dist/bench/hollow/run.js ${process.argv.slice(2).join(' ')}`,
      date: new Date().toISOString(),
      host: { cores: availableParallelism(), memGiB: round1(totalmem() / 2 ** 30), loadAtStart: round1(loadAtStart) },
      workers,
      managers: managerCount,
      processes,
      joined: spawned.started.length,
      joinFailed: spawned.failed.length,
      joinSeconds: joinMs / 1000,
      joinsPerSecond: round1(spawned.started.length / (joinMs / 1000)),
      // The rate while the first 2,000 (Swarm2k's size, roughly) joined, from the curve.
      joinsPerSecondFirst2000: rateUntil(joinCurve, 2000),
      allReadySeconds: readyMs / 1000,
      memoryPerWorkerKiB: Math.round((afterJoin.rssBytes - base.rssBytes) / 1024 / joined),
      heapPerWorkerKiB: Math.round((afterJoin.heapUsedBytes - base.heapUsedBytes) / 1024 / joined),
      memoryPerWorkerKiBAtEnd: Math.round((atEnd.rssBytes - base.rssBytes) / 1024 / joined),
      processRssMiB: mib(atEnd.rssBytes),
      replicas,
      rampSteps,
      replicasReached: reached,
      rampStoppedBy: stoppedBy,
      memFraction,
      stepDelayMs,
      converged,
      convergeSeconds: convergeMs / 1000,
      nodesDownMaxWhileConverging: convergeDownMax,
      heartbeatsMissedWhileConverging: convergeMissed,
      tasksPerSecond: round1(running / (convergeMs / 1000)),
      runningReportedByWorkers: afterService.running,
      runningListedByManagers: listed,
      ramp,
      holdSeconds: holdS,
      nodesLeftReadyDuringHold: leftReady,
      heartbeatsMissedDuringHold: missed,
      eventLoopLagMaxMs: lagMaxMs,
      heartbeatRttP99Ms: rttP99Ms,
      // % of one core per phase: the simulator's processes, the managers' dockerds, the ratio.
      cpu,
      managersRssMiBAtEnd: cpu.hold?.perManager.reduce((n, p) => n + p.rssMiB, 0) ?? null,
      joinCurve,
      holdCurve,
    };
    const text = JSON.stringify(figures, null, 2) + '\n';
    if (a.out) writeFileSync(a.out, text);
    if (a.json) process.stdout.write(text);
    else
      for (const [k, v] of Object.entries(figures))
        if (typeof v !== 'object' || v === null) process.stdout.write(`${k.padEnd(32)} ${v}\n`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  say(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 3;
});
