// `run` of a scenario with a `search:` block: a breaking-point search. Each probe is a complete run
// of the scenario with the searched parameter set to one size, in <dir>/probe-<size>, all on one
// cluster (brought up by the first probe when it does not exist, grown by the probes that ask for
// more hollow workers, brought up again for one that asks for fewer, since hollow workers cannot
// leave it, removed at the end unless --keep); search/ decides the next size from each
// probe's SLOs, validity and the host's memory. Every probe takes the managers' Go profiles, so
// the sizes either side of the knee always have them. The parent directory gets knee.json,
// knee.md, knee.png and knee.html (report/knee-files.ts): the last size that held, the first that
// broke, which SLO broke and by how much, what limited the run there, and the managers' top
// functions at both sizes.
import { join } from 'node:path';
import { ExitCode } from '../../errors.js';
import type { RunOptions } from '../../scenario/runner.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { Knee, ProbeOutcome } from '../../search/knee.js';
import { PROFILE_SECONDS, type SearchSpec } from '../../search/plan.js';
import { hostMemFraction } from '../../util/proc-stat.js';
import type { CommandContext } from '../context.js';
import { runOnce } from './run-once.js';
import { downIfBroughtUp, tasksGoneAt } from './series.js';

export interface SearchOptions {
  spec: SearchSpec;
  /** The scenario with the searched parameter set to `size` (and every --set kept). */
  scenarioAt(size: number): ResolvedScenario;
  base: Omit<RunOptions, 'runId' | 'runDir' | 'keepCluster' | 'scenario'>;
  runId: string;
  runDir: string;
  comparison: { threshold: number; gate?: string[] };
  /** --profile-seconds when given: it wins over the search's profile.seconds. */
  profileSeconds?: number;
}

/** Whether the searched parameter sizes the cluster's hollow workers (manager-limit's `hollow`):
 *  then a probe must not run on more of them than it asks for. */
function hollowFollowsSize(o: SearchOptions): boolean {
  return o.scenarioAt(o.spec.from).cluster.hollow !== o.scenarioAt(o.spec.max).cluster.hollow;
}

export async function runSearched(
  ctx: CommandContext,
  o: SearchOptions,
): Promise<{ exitCode: number; reason: string; knee: Knee }> {
  const { searchBreakingPoint } = await import('../../search/search.js');
  const { describeKnee } = await import('../../search/describe.js');
  const { probeProfiles, writeKnee } = await import('../../report/knee-files.js');
  let broughtUp = false;
  let worstError: number = ExitCode.ok;
  // Every probe profiles the managers: the command line's seconds, else the search's, else 30.
  const profileManagers = {
    seconds: o.profileSeconds ?? o.spec.profile?.seconds ?? PROFILE_SECONDS.default,
    ...(o.spec.profile?.step ? { step: o.spec.profile.step } : {}),
  };
  // Hollow workers join a running cluster but cannot leave it: a probe that asks for fewer than
  // the cluster has (refinement below the first size that broke) would measure the larger size.
  const sized = hollowFollowsSize(o);
  let hollowPresent: number | undefined;
  const probe = async (size: number, phase: 'grow' | 'refine'): Promise<ProbeOutcome> => {
    const t0 = Date.now();
    ctx.log.info(`search: probe ${o.spec.param}=${size} (${phase})`);
    const scenario = o.scenarioAt(size);
    const wanted = scenario.cluster.hollow;
    if (sized && hollowPresent !== undefined && hollowPresent > wanted) {
      if (!broughtUp) return tooManyHollow(size, hollowPresent, wanted, Date.now() - t0);
      ctx.log.info(
        `search: cluster "${o.base.clusterName}" has ${hollowPresent} hollow workers and the probe asks for ${wanted}; hollow workers cannot leave a running cluster, so it is brought up again`,
      );
      // Should the cluster survive this, the probe sees too many hollow workers and says so, and
      // the search still removes the cluster at its end.
      const removed = await o.base.provider.down(o.base.clusterName).then(
        () => true,
        (e: Error) => (ctx.log.warn(`down: ${e.message}`), false),
      );
      if (removed) [broughtUp, hollowPresent] = [false, undefined];
    }
    // The peak the host reached during the probe, sampled every 2 s.
    let memPeak = hostMemFraction();
    const sampler = setInterval(() => {
      const m = hostMemFraction();
      if (m !== undefined) memPeak = Math.max(memPeak ?? 0, m);
    }, 2000);
    try {
      const r = await runOnce(
        ctx,
        {
          ...o.base,
          scenario,
          runId: `${o.runId}-${o.spec.param}${size}`,
          runDir: join(o.runDir, `probe-${size}`),
          keep: false,
          keepCluster: true,
          profileManagers,
        },
        { comparison: o.comparison },
      );
      broughtUp ||= r.outcome.createdCluster;
      const ran = r.outcome.record.cluster;
      if (ran.nodes > 0) hollowPresent = ran.hollow;
      if (r.outcome.removedServices.length > 0) await tasksGoneAt(o.base, r.outcome.removedServices, ctx.log);
      ctx.log.info(`search: ${o.spec.param}=${size}: exit ${r.exitCode}: ${r.reason}`);
      const profiles = probeProfiles(o.runDir, size);
      // On a cluster that had more hollow workers before the search began: not this size's figures.
      if (sized && ran.nodes > 0 && ran.hollow > wanted)
        return { ...tooManyHollow(size, ran.hollow, wanted, Date.now() - t0), ...(profiles ? { profiles } : {}) };
      // An error (infrastructure, bad input, an interruption) is not a break: the search decides
      // what it means. A step that failed with exit 1 (a service that did not converge in time)
      // is one, even when the SLOs measured before it passed; a run failed by its validity alone
      // (validity: required) is not: the verdict stays beside the probe.
      const failedToRun = r.exitCode !== ExitCode.ok && r.exitCode !== ExitCode.failed;
      if (failedToRun) worstError = r.exitCode;
      const failed =
        r.exitCode === ExitCode.failed ? r.outcome.record.steps.find((s) => s.error !== undefined) : undefined;
      return {
        size,
        slos: r.outcome.record.slos,
        verdict: r.summary?.validity?.verdict ?? 'unknown',
        ...(failedToRun ? { error: r.reason } : {}),
        ...(failed ? { failed: `${failed.name}: ${failed.error}` } : {}),
        ...(memPeak !== undefined ? { hostMemFraction: memPeak } : {}),
        elapsedMs: Date.now() - t0,
        ...(profiles ? { profiles } : {}),
      };
    } finally {
      clearInterval(sampler);
    }
  };
  let knee: Knee;
  try {
    knee = await searchBreakingPoint(o.spec, probe);
  } finally {
    await downIfBroughtUp(o.base, broughtUp, 'the first probe', ctx.log);
  }
  const sentence = describeKnee(knee);
  await writeKnee(o.runDir, knee);
  ctx.log.info(`knee: ${o.runDir}/knee.html`);
  if (knee.reason === 'error')
    return {
      exitCode: worstError === ExitCode.ok ? ExitCode.infrastructure : worstError,
      reason: `search stopped: ${sentence}`,
      knee,
    };
  return { exitCode: ExitCode.ok, reason: `SEARCHED: ${sentence}`, knee };
}

/** A probe that cannot measure its size: more hollow workers than it asks for, on a cluster the
 *  search did not bring up (so it may not take it down). An error, not a break: the search keeps
 *  the knee found so far, less refined, or ends with exit 3 and this sentence. */
function tooManyHollow(size: number, present: number, wanted: number, elapsedMs: number): ProbeOutcome {
  return {
    size,
    slos: [],
    verdict: 'unknown',
    error: `the cluster has ${present} hollow workers, more than the ${wanted} this size asks for, and hollow workers cannot leave a running cluster: run the search with --cluster naming no existing cluster, so that it brings up its own`,
    elapsedMs,
  };
}
