// `run --repeat N`: the scenario N times, each repetition a complete run in <dir>/rep-<i>, on
// one cluster by default (brought up once when it does not exist, the run's services removed
// between repetitions, removed at the end unless --keep) or, with --fresh-cluster, a new cluster
// for each. The parent directory gets repetitions.json/.md/.html (report/repetitions.ts): per
// metric every repetition's value, median, spread and interval, and the SLOs judged on the medians.
// With an InfluxDB, each repetition writes its run_summary point and the set one more.
import { join } from 'node:path';
import { ExitCode } from '../../errors.js';
import type { RunOptions } from '../../scenario/runner.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import type { CommandContext } from '../context.js';
import { runOnce } from './run-once.js';
import { downIfBroughtUp, tasksGoneAt } from './series.js';

export interface RepeatOptions {
  repeat: number;
  freshCluster: boolean;
  scenario: ResolvedScenario;
  base: Omit<RunOptions, 'runId' | 'runDir' | 'keepCluster'>;
  runId: string;
  runDir: string;
  reports: Parameters<typeof runOnce>[2];
}

/** How severe an exit code is, to pick the repeated run's own: an error beats a failure. */
const severity = (code: number) =>
  code === ExitCode.ok ? 0 : code === ExitCode.failed ? 1 : code === ExitCode.interrupted ? 3 : 2;

export async function runRepeated(
  ctx: CommandContext,
  o: RepeatOptions,
): Promise<{ exitCode: number; reason: string }> {
  const { repetitionsOf } = await import('../../report/repetitions.js');
  const { writeRepetitions, writeSetComparison } = await import('../../report/repetitions-files.js');
  const { evaluateSlos, parseSlos } = await import('../../scenario/slo.js');
  const runs: Parameters<typeof repetitionsOf>[0][number][] = [];
  let broughtUp = false;
  for (let index = 1; index <= o.repeat; index++) {
    const runDir = join(o.runDir, `rep-${index}`);
    const runId = `${o.runId}-r${index}`;
    ctx.log.info(`repetition ${index}/${o.repeat}: ${runId}`);
    const startMs = Date.now();
    const r = await runOnce(
      ctx,
      // Reused: keep the cluster after every repetition; the last one takes it down below.
      { ...o.base, runId, runDir, keep: false, keepCluster: !o.freshCluster },
      // The baseline is compared with the set of repetitions at the end, not with each one.
      {
        comparison: o.reports.comparison,
        summaryPoint: o.reports.summaryPoint && { ...o.reports.summaryPoint, set: o.runId },
      },
    );
    broughtUp ||= r.outcome.createdCluster;
    // The workers were removing this repetition's tasks while its reports were built; the next
    // repetition must not measure what is left of that (its calibration and first step would).
    const tasksGoneMs =
      index < o.repeat && !o.freshCluster && r.outcome.removedServices.length > 0
        ? await tasksGoneAt(o.base, r.outcome.removedServices, ctx.log)
        : undefined;
    runs.push({
      index,
      id: runId,
      dir: runDir,
      exitCode: r.exitCode,
      reason: r.reason,
      startMs,
      endMs: Date.now(),
      freshCluster: r.outcome.createdCluster,
      ...(tasksGoneMs !== undefined ? { tasksGoneMs } : {}),
      summary: r.summary,
    });
    ctx.log.info(`repetition ${index}/${o.repeat}: exit ${r.exitCode}: ${r.reason}${r.figures}`);
    // An error or an interruption ends the series: the next repetition would meet the same.
    if (severity(r.exitCode) >= 2) break;
  }
  // With --fresh-cluster each repetition took its own cluster down.
  await downIfBroughtUp(o.base, broughtUp && !o.freshCluster, 'the first repetition', ctx.log);
  const worst = runs.reduce((w, r) => (severity(r.exitCode) > severity(w.exitCode) ? r : w), runs[0]!);
  const slos = parseSlos(o.scenario.slos);
  const file = repetitionsOf(
    runs,
    { scenario: o.scenario.name, id: o.runId, seed: o.base.seed, cluster: o.base.clusterName, reused: !o.freshCluster },
    (medians) => evaluateSlos(slos, medians),
  );
  await writeRepetitions(o.runDir, file);
  ctx.log.info(`repetitions: ${o.runDir}/repetitions.md, ${o.runDir}/repetitions.html`);
  if (o.reports.summaryPoint) {
    const { historyRunOfRepetitions } = await import('../../history/runs.js');
    const { runSummaryPoint, sendRunSummaries } = await import('../../history/influx.js');
    const set = historyRunOfRepetitions(o.runDir, file);
    if (set)
      await sendRunSummaries(
        o.reports.summaryPoint.target,
        [runSummaryPoint(set, { scenario: file.scenario, cluster: file.cluster.name, kind: 'repetitions' })],
        ctx.log,
      );
  }
  // Against the baseline as a set: each metric's repetitions, with a test (compare-sets.ts).
  let regression = '';
  if (o.reports.baseline) {
    const { comparisonVerdictLine } = await import('../../report/compare-format.js');
    const c = writeSetComparison(o.reports.baseline, o.runDir, o.reports.comparison).comparison;
    const line = comparisonVerdictLine(c);
    ctx.log.info(line);
    if (c.regressions.length > 0) regression = line;
  }
  const failedSlos = file.slos.filter((s) => s.verdict !== 'pass');
  const passedAlone = runs.filter((r) => r.exitCode === ExitCode.ok).length;
  const tail = `${runs.length} of ${o.repeat} repetitions ran, ${passedAlone} passed on their own`;
  if (severity(worst.exitCode) >= 2) return { exitCode: worst.exitCode, reason: `${worst.reason}; ${tail}` };
  if (regression) return { exitCode: ExitCode.failed, reason: `FAILED: ${regression}; ${tail}` };
  if (failedSlos.length > 0)
    return {
      exitCode: ExitCode.failed,
      reason: `FAILED: on the medians ${failedSlos.map((s) => s.expr).join(', ')}; ${tail}`,
    };
  return {
    exitCode: ExitCode.ok,
    reason: `PASSED: ${file.slos.length ? 'every SLO met on the medians' : 'every repetition completed (the scenario has no SLOs)'}; ${tail}`,
  };
}
