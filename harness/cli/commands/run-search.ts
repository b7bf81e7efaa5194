// `run` of a scenario with a `search:` block: a breaking-point search. Each probe is a complete run
// of the scenario with the searched parameter set to one size, in <dir>/probe-<size>, all on one
// cluster (brought up by the first probe when it does not exist, grown by the probes that ask for
// more hollow workers, removed at the end unless --keep); search/ decides the next size from each
// probe's SLOs, validity and the host's memory. The parent directory gets knee.json, knee.md,
// knee.png and knee.html (report/knee-files.ts): the last size that held, the first that broke,
// which SLO broke and by how much, what limited the run there, and the managers' top functions at
// both sizes when the probes took profiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../errors.js';
import type { RunOptions } from '../../scenario/runner.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { Knee, ProbeOutcome } from '../../search/knee.js';
import type { SearchSpec } from '../../search/plan.js';
import { parseMeminfo } from '../../util/proc-stat.js';
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
}

/** Share of the host's memory in use now (MemAvailable), for the search's memory guard. */
function hostMemFraction(): number | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/meminfo', 'utf8');
  } catch {
    return undefined;
  }
  const mem = parseMeminfo(text);
  return mem && mem.totalBytes > 0 ? 1 - mem.availableBytes / mem.totalBytes : undefined;
}

export async function runSearched(
  ctx: CommandContext,
  o: SearchOptions,
): Promise<{ exitCode: number; reason: string; knee: Knee }> {
  const { searchBreakingPoint } = await import('../../search/search.js');
  const { describeKnee } = await import('../../search/describe.js');
  const { writeKnee } = await import('../../report/knee-files.js');
  let broughtUp = false;
  let worstError: number = ExitCode.ok;
  const probe = async (size: number, phase: 'grow' | 'refine'): Promise<ProbeOutcome> => {
    const t0 = Date.now();
    ctx.log.info(`search: probe ${o.spec.param}=${size} (${phase})`);
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
          scenario: o.scenarioAt(size),
          runId: `${o.runId}-${o.spec.param}${size}`,
          runDir: join(o.runDir, `probe-${size}`),
          keep: false,
          keepCluster: true,
        },
        { comparison: o.comparison },
      );
      broughtUp ||= r.outcome.createdCluster;
      if (r.outcome.removedServices.length > 0) await tasksGoneAt(o.base, r.outcome.removedServices, ctx.log);
      ctx.log.info(`search: ${o.spec.param}=${size}: exit ${r.exitCode}: ${r.reason}`);
      // An error (infrastructure, a step's failure) is not a break: the search decides what it means.
      const failedToRun = r.exitCode !== ExitCode.ok && r.exitCode !== ExitCode.failed;
      if (failedToRun) worstError = r.exitCode;
      return {
        size,
        slos: r.outcome.record.slos,
        verdict: r.summary?.validity?.verdict ?? 'unknown',
        ...(failedToRun ? { error: r.reason } : {}),
        ...(memPeak !== undefined ? { hostMemFraction: memPeak } : {}),
        elapsedMs: Date.now() - t0,
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
