// One run of a scenario as `run` does it: the runner, then the reports (with the baseline
// comparison, which can fail the run), the run_summary point when the run has an InfluxDB, then
// what the last line says about the figures. `run --repeat` calls it once per repetition.
import { ExitCode } from '../../errors.js';
import type { InfluxTarget } from '../../metrics/influx-config.js';
import type { RunOptions, RunOutcome } from '../../scenario/runner.js';
import type { RunSummary } from '../../report/summary-schema.js';
import type { CommandContext } from '../context.js';

export interface RunOnceResult {
  outcome: RunOutcome;
  exitCode: number;
  reason: string;
  /** "; <validity>; swarm reached … of the nodes' own start rate": what the figures measure. */
  figures: string;
  summary?: RunSummary;
}

export async function runOnce(
  ctx: CommandContext,
  options: RunOptions,
  reports: {
    baseline?: string;
    comparison: { threshold: number; gate?: string[] };
    /** Where the run_summary point goes (the run's InfluxDB), and as what: a run alone, or one
     *  repetition of the repeated run `set`. */
    summaryPoint?: { target: InfluxTarget; set?: string };
  },
): Promise<RunOnceResult> {
  const { runScenario } = await import('../../scenario/runner.js');
  const { buildReports, comparisonVerdictLine } = await import('../../report/index.js');
  const outcome = await runScenario(options);
  let exitCode = outcome.exitCode;
  let reason = outcome.reason;
  // What the figures measure, on the line a nightly job reads (the runner's judgement: with
  // `validity: required` it may have failed the run, and then the reason says it instead).
  let figures = outcome.validityNote ? `; ${outcome.validityNote}` : '';
  let summary: RunSummary | undefined;
  try {
    const built = await buildReports(options.runDir, {
      baseline: reports.baseline,
      ...reports.comparison,
      log: ctx.log,
    });
    summary = built.summary;
    ctx.log.info(`reports: ${options.runDir}/report.html`);
    const eff = built.summary.metrics['scale.efficiency'];
    const nested = built.summary.metrics['scale.nested_rate'];
    if (eff && nested) {
      figures += `; swarm reached ${eff.value.toFixed(2)} of the nodes' own start rate (${nested.value.toFixed(2)}/s)`;
    }
    if (built.comparison) {
      const line = comparisonVerdictLine(built.comparison);
      ctx.log.info(line);
      if (built.comparison.regressions.length > 0 && exitCode === ExitCode.ok) {
        exitCode = ExitCode.failed;
        reason = `FAILED: ${line}`;
      }
    }
  } catch (err) {
    ctx.log.warn(
      `reports could not be built: ${(err as Error).message} (\`swarmbench report ${options.runDir}\` retries)`,
    );
  }
  // A run that did not finish has no place in a history (`history DIR` leaves it out too).
  if (reports.summaryPoint && summary?.run.complete) {
    const { historyRunOfSummary } = await import('../../history/runs.js');
    const { runSummaryPoint, sendRunSummaries } = await import('../../history/influx.js');
    const { target, set } = reports.summaryPoint;
    const point = runSummaryPoint(historyRunOfSummary(options.runDir, summary), {
      scenario: summary.run.scenario,
      cluster: summary.cluster.name,
      kind: set ? 'repetition' : 'single',
      set,
    });
    await sendRunSummaries(target, [point], ctx.log);
  }
  return { outcome, exitCode, reason, figures, summary };
}
