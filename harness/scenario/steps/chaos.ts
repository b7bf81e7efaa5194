// chaos: restart, kill, pause or disconnect seeded-random workers (or kill the leading manager),
// then watch the swarm recover and measure it: time until the manager marks each node Down,
// time until the tasks that were on them run again elsewhere, time until the service converged
// (and restarted/unpaused/reconnected nodes are Ready again), and tasks lost at the end.
import type { NodeInfo } from '../../cluster/types.js';
import { listNodes } from '../../docker/services.js';
import type { SwarmNode } from '../../docker/swarm-read.js';
import { Measurement } from '../../metrics/measurements.js';
import { parseDuration } from '../../util/duration.js';
import { ScenarioFailure } from '../failure.js';
import { retryUntil } from '../../util/retry.js';
import { chaosCount, pick } from '../prng.js';
import type { StepContext } from './context.js';
import { describeStates, snapshot, type Snapshot } from './converge.js';
import { timeoutOf } from './service.js';

export type ChaosActionName = 'restart' | 'kill' | 'pause' | 'disconnect';

export interface ChaosStep {
  action: ChaosActionName;
  /** 'workers' (default: dind workers), 'hollow' (hollow workers) or 'leader' (kill the leading manager; needs 3 or more managers). */
  target?: 'workers' | 'hollow' | 'leader';
  fraction?: number;
  count?: number;
  /** How long paused/disconnected nodes stay so. */
  duration?: string | number;
  /** The service whose tasks are watched (reschedule, converge, lost). Default: every service. */
  service?: string;
  timeout?: string | number;
}

const swarmIdOf = (n: NodeInfo, swarm: readonly SwarmNode[]) =>
  n.nodeId ?? swarm.find((s) => s.hostname === n.name)?.id;

export async function chaos(ctx: StepContext, b: ChaosStep): Promise<void> {
  if ((b.target ?? 'workers') === 'leader') return killLeader(ctx, b);
  const services = b.service ? [ctx.services.get(b.service)!] : [...ctx.services.values()];
  const timeoutMs = timeoutOf(b.timeout, 5 * 60_000);
  const durationMs = b.duration === undefined ? undefined : parseDuration(b.duration);
  const before = await snapshot(ctx, services);
  // Candidates: dind workers the swarm sees Ready (a node killed by an earlier wave stays dead),
  // in a stable order so that the seed alone decides the pick.
  const ready = new Set(before.nodes.filter((n) => n.state === 'ready').map((n) => n.id));
  const hollow = b.target === 'hollow';
  const workers = (await ctx.cluster.nodes())
    .filter((n) => n.role === 'worker' && n.hollow === hollow && ready.has(swarmIdOf(n, before.nodes) ?? ''))
    .sort((a, z) => a.name.localeCompare(z.name));
  const targets = pick(workers, chaosCount(workers.length, b), ctx.random);
  if (targets.length === 0) {
    ctx.log.warn(`chaos ${b.action}: no Ready ${hollow ? 'hollow' : 'dind'} worker to hit; skipped`);
    return;
  }
  const targetIds = new Set(targets.map((t) => swarmIdOf(t, before.nodes)).filter((x): x is string => !!x));
  const lost = new Set<string>();
  for (const tasks of before.tasks.values())
    for (const t of tasks) if (t.nodeId && targetIds.has(t.nodeId)) lost.add(t.id);
  const named =
    targets.length > 20
      ? `${targets
          .slice(0, 20)
          .map((t) => t.name)
          .join(', ')}, …`
      : targets.map((t) => t.name).join(', ');
  ctx.log.info(
    `chaos ${b.action} of ${targets.length}/${workers.length} ${hollow ? 'hollow ' : ''}workers: ${named} (${lost.size} tasks on them)`,
  );

  const runningBefore = new Set(
    [...before.tasks.values()]
      .flat()
      .filter((t) => t.state === 'running')
      .map((t) => t.id),
  );
  const t0 = Date.now();
  await ctx.cluster.chaos(b.action, targets, durationMs === undefined ? {} : { durationMs });
  // Nodes that come back (restart, or pause/disconnect with a duration) must be Ready again to converge.
  const comeBack = b.action === 'restart' || (b.action !== 'kill' && durationMs !== undefined);

  // Task lists of big services are large: look less often (the intervals come from swarm timestamps anyway).
  const desiredTotal = before.states.reduce((a, st) => a + st.desired, 0);
  const pollMs = desiredTotal > 5000 ? 5000 : desiredTotal > 1000 ? 2000 : 1000;
  const detect = new Map<string, number>();
  // A paused or disconnected node is only back once its outage is over, even if the manager never noticed.
  const outageOver = (now: number) =>
    durationMs === undefined || b.action === 'restart' || b.action === 'kill' || now >= durationMs;
  // Nothing ran on the targets: nothing to reschedule.
  let rescheduleMs: number | undefined = lost.size === 0 ? 0 : undefined;
  let convergeMs: number | undefined;
  let last: Snapshot = before;
  await pollAfterAction(ctx, t0, timeoutMs, pollMs, async () => {
    try {
      last = await snapshot(ctx, services);
    } catch (err) {
      ctx.log.debug(`chaos: manager did not answer (${(err as Error).message}); asking again`);
      return false;
    }
    const now = last.at - t0;
    // The swarm's own clock where it has one: the node's UpdatedAt is when the manager changed its state.
    for (const n of last.nodes) {
      if (!targetIds.has(n.id) || n.state === 'ready' || detect.has(n.id)) continue;
      detect.set(
        n.id,
        Number.isFinite(n.updatedMs) && n.updatedMs >= t0 && n.updatedMs <= last.at ? n.updatedMs - t0 : now,
      );
    }
    const nodesBack = !comeBack || [...targetIds].every((id) => last.nodes.find((n) => n.id === id)?.state === 'ready');
    // A node back before the manager marked it Down (a pause shorter than the heartbeat grace)
    // kept its tasks: they count as running again once it is Ready, and nothing is rescheduled.
    // A killed node's tasks never survive, however long the manager takes to notice.
    const survivors = comeBack && nodesBack && outageOver(now) ? survived(last, lost, detect) : new Set<string>();
    // Rescheduled: every service runs its desired count on Ready nodes with tasks that are not
    // the lost ones (or are lost ones that survived).
    const replaced = services.every((svc) => {
      const tasks = last.tasks.get(svc.name) ?? [];
      const ready = new Set(last.nodes.filter((n) => n.state === 'ready').map((n) => n.id));
      const fresh = tasks.filter(
        (t) => t.state === 'running' && (!lost.has(t.id) || survivors.has(t.id)) && t.nodeId && ready.has(t.nodeId),
      ).length;
      return fresh >= (last.states.find((s) => s.service === svc.name)?.desired ?? svc.replicas);
    });
    if (replaced && rescheduleMs === undefined) {
      // Nothing rescheduled (every lost task survived) is the same as nothing to reschedule: 0.
      rescheduleMs = survivors.size === lost.size ? 0 : (replacedAt(last, runningBefore, t0) ?? now);
    }
    ctx.log.progress(
      `chaos ${b.action}: ${detect.size}/${targetIds.size} marked Down, ${describeStates(last.states)}${comeBack ? `, nodes back: ${nodesBack}` : ''}`,
    );
    // A node that does not come back (killed, or paused/disconnected for good): recovery is only
    // complete once the manager marked it Down (until then its tasks count as running).
    const detected = comeBack || detect.size === targetIds.size;
    if (replaced && nodesBack && detected && outageOver(now) && last.states.every((s) => s.converged)) {
      convergeMs = now;
      return true;
    }
    return false;
  });

  const tasksLost = last.states.reduce((a, s) => a + Math.max(0, s.desired - s.running), 0);
  for (const ms of detect.values()) ctx.recorder.observe('chaos.detect_time', ms);
  if (rescheduleMs !== undefined) ctx.recorder.observe('chaos.reschedule_time', rescheduleMs);
  if (convergeMs !== undefined) ctx.recorder.observe('chaos.converge_time', convergeMs);
  ctx.recorder.add('chaos.tasks_lost', tasksLost);
  const detectMax = detect.size ? Math.max(...detect.values()) : undefined;
  ctx.recorder.record({
    measurement: Measurement.chaos,
    tags: { action: b.action, run: ctx.runId, scenario: ctx.scenario, step: ctx.recorder.step.name },
    fields: {
      target: targets.map((t) => t.name).join(','),
      tasks_lost: tasksLost,
      ...(detectMax !== undefined ? { detect_ms: detectMax } : {}),
      ...(rescheduleMs !== undefined ? { reschedule_ms: rescheduleMs } : {}),
      ...(convergeMs !== undefined ? { converge_ms: convergeMs } : {}),
    },
    intFields: ['tasks_lost'],
    timeMs: Date.now(),
  });
  Object.assign(ctx.result, {
    targets: targets.map((t) => t.name).join(','),
    tasks_lost: tasksLost,
    ...(detectMax !== undefined ? { detect_ms: detectMax } : {}),
    ...(rescheduleMs !== undefined ? { reschedule_ms: rescheduleMs } : {}),
    ...(convergeMs !== undefined ? { converge_ms: convergeMs } : {}),
  });
  const s = (ms: number | undefined) => (ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`);
  const undetected = targetIds.size - detect.size;
  ctx.log.info(
    `chaos ${b.action}: marked Down after ${s(detectMax)}${undetected ? ` (${undetected} node(s) ${comeBack ? 'were back before the manager noticed' : 'never marked Down'})` : ''}, rescheduled after ${s(rescheduleMs)}, converged after ${s(convergeMs)}, tasks lost ${tasksLost}`,
  );
  // Recorded first, then failed: a chaos step the swarm did not recover from within its timeout
  // fails the run (exit 1), as a service that does not converge does.
  if (convergeMs === undefined) {
    throw new ScenarioFailure(
      `chaos ${b.action}: not converged within ${s(timeoutMs)} (${describeStates(last.states)})`,
      {
        fix: 'a longer timeout, or fewer nodes hit at once; the step recorded what it measured until then',
      },
    );
  }
}

/** Lost tasks still running on their own node, which the manager never marked Down. */
function survived(s: Snapshot, lost: ReadonlySet<string>, detect: ReadonlyMap<string, number>): Set<string> {
  const out = new Set<string>();
  for (const tasks of s.tasks.values())
    for (const t of tasks)
      if (lost.has(t.id) && t.state === 'running' && t.nodeId && !detect.has(t.nodeId)) out.add(t.id);
  return out;
}

/**
 * The chaos waits, through the one wait (retryUntil), at the pace they always had: sleep pollMs,
 * then look, until `look` says done or timeoutMs have passed since t0 (taken before the action,
 * so the action's own time counts). Running out of time is not an error here: the step records
 * what it saw and warns.
 */
async function pollAfterAction(
  ctx: StepContext,
  t0: number,
  timeoutMs: number,
  pollMs: number,
  look: () => Promise<boolean>,
): Promise<void> {
  // An action that used up the whole timeout leaves no time for a look.
  const remainingMs = timeoutMs - (Date.now() - t0);
  if (remainingMs <= 0) return;
  const outOfTime = new Error('chaos: out of time');
  await retryUntil(
    async () => {
      // Sleep first: the first look comes one interval after the action, when there is something to see.
      await new Promise((r) => setTimeout(r, pollMs));
      return look();
    },
    (done) => done,
    { timeoutMs: remainingMs, intervalMs: 0, signal: ctx.signal, onTimeout: () => outOfTime },
  ).catch((err: unknown) => {
    if (err !== outOfTime) throw err;
  });
}

/** When the last replacement task reached running (its node's timestamp), relative to t0. */
function replacedAt(s: Snapshot, runningBefore: ReadonlySet<string>, t0: number): number | undefined {
  let last = Number.NEGATIVE_INFINITY;
  for (const tasks of s.tasks.values()) {
    for (const t of tasks)
      if (t.state === 'running' && !runningBefore.has(t.id) && Number.isFinite(t.statusMs))
        last = Math.max(last, t.statusMs);
  }
  return last >= t0 && last <= s.at ? last - t0 : undefined;
}

/** Kills the leading manager and measures how long the remaining managers take to elect another. */
async function killLeader(ctx: StepContext, b: ChaosStep): Promise<void> {
  const engine = await ctx.manager();
  const swarm = await listNodes(engine);
  const leader = swarm.find((n) => n.leader);
  const nodes = await ctx.cluster.nodes();
  const target = nodes.find((n) => leader && (n.nodeId === leader.id || n.name === leader.hostname));
  if (!leader || !target) {
    ctx.log.warn('chaos leader: could not tell which node leads; skipped');
    return;
  }
  ctx.log.info(`chaos ${b.action} of the leading manager ${target.name}`);
  const t0 = Date.now();
  await ctx.cluster.chaos(b.action, [target], {});
  const timeoutMs = timeoutOf(b.timeout, 5 * 60_000);
  let electedMs: number | undefined;
  await pollAfterAction(ctx, t0, timeoutMs, 500, async () => {
    try {
      const now = await listNodes(await ctx.manager(true));
      const next = now.find((n) => n.leader);
      if (next && next.id !== leader.id) {
        electedMs = Date.now() - t0;
        ctx.log.info(`new leader ${next.hostname} after ${(electedMs / 1000).toFixed(1)} s`);
        return true;
      }
    } catch {
      // No quorum yet, or the handle still points at the dead leader: ask again.
    }
    return false;
  });
  if (electedMs === undefined) {
    ctx.log.warn(`no new leader within ${Math.round(timeoutMs / 1000)} s`);
    return;
  }
  ctx.recorder.set('chaos.leader_election_time', electedMs);
  ctx.result.leader_election_ms = electedMs;
  ctx.recorder.record({
    measurement: Measurement.chaos,
    tags: { action: `leader-${b.action}`, run: ctx.runId, scenario: ctx.scenario, step: ctx.recorder.step.name },
    fields: { target: target.name, detect_ms: electedMs, tasks_lost: 0 },
    intFields: ['tasks_lost'],
    timeMs: Date.now(),
  });
}
