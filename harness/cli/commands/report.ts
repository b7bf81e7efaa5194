// `swarmbench report <run-dir> [--from-influx URL] [--baseline X]`: rebuilds every report file of
// a run directory from metrics.lp (or InfluxDB) without re-running anything. On the parent
// directory of a repeated run (`run --repeat`) it rewrites repetitions.md/.html from
// repetitions.json instead, and on a breaking-point search's directory knee.md/.png/.html from
// knee.json and the probes' profiles; each repetition or probe is a run directory of its own
// below it.
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import type { RepetitionsFile } from '../../report/repetitions.js';
import type { Knee } from '../../search/knee.js';
import { runCommand, type CommandContext, type GlobalArgs } from '../context.js';
import { comparisonOptions, withComparisonOptions, type ComparisonArgs } from './comparison-args.js';

interface ReportArgs extends GlobalArgs, ComparisonArgs {
  runDir: string;
  fromInflux?: string;
  baseline?: string;
  json: boolean;
}

/** A repeated run's parent: its pages from repetitions.json (the figures are the repetitions'
 *  as they were summarized; `report DIR/rep-<i>` rebuilds a repetition), and the set comparison. */
async function reportRepetitions(
  ctx: CommandContext,
  args: ReportArgs,
  f: RepetitionsFile,
  comparison: { threshold: number; gate?: string[] },
): Promise<number> {
  if (args.fromInflux)
    throw new BadInputError(`${args.runDir} holds the repetitions of a run; --from-influx rebuilds one run`, {
      fix: `name one repetition: swarmbench report ${join(args.runDir, 'rep-1')} --from-influx ${args.fromInflux}`,
    });
  const { writeRepetitionsPages, writeSetComparison } = await import('../../report/repetitions-files.js');
  const files = await writeRepetitionsPages(args.runDir, f);
  const compared = args.baseline ? writeSetComparison(args.baseline, args.runDir, comparison) : undefined;
  if (compared) files.push(...compared.files);
  const c = compared?.comparison;
  if (args.json) ctx.printJson({ repetitions: f, comparison: c, files });
  else {
    for (const file of files) ctx.print(file);
    const met = f.slos.filter((s) => s.verdict === 'pass').length;
    ctx.print(`${f.id}: ${f.repetitions.length} repetitions; on the medians ${met} of ${f.slos.length} SLOs met`);
    if (c) {
      const { comparisonVerdictLine } = await import('../../report/compare-format.js');
      ctx.print(comparisonVerdictLine(c));
    }
  }
  return c && c.regressions.length > 0 ? ExitCode.failed : ExitCode.ok;
}

/** A breaking-point search's directory: its pages from knee.json and the probe directories
 *  (`report DIR/probe-<size>` rebuilds a probe's own report). */
async function reportKnee(ctx: CommandContext, args: ReportArgs, knee: Knee): Promise<number> {
  const one = args.fromInflux ? `--from-influx ${args.fromInflux}` : args.baseline ? `--baseline ${args.baseline}` : '';
  if (one)
    throw new BadInputError(`${args.runDir} holds a breaking-point search; ${one.split(' ')[0]} is for one run`, {
      fix: `name one probe: swarmbench report ${join(args.runDir, `probe-${knee.probes[0]?.size ?? '<size>'}`)} ${one}`,
    });
  const { writeKneePages } = await import('../../report/knee-files.js');
  const { describeKnee } = await import('../../search/describe.js');
  const files = await writeKneePages(args.runDir, knee);
  if (args.json) ctx.printJson({ knee, files });
  else {
    for (const file of files) ctx.print(file);
    ctx.print(`${knee.param}: ${describeKnee(knee)}`);
  }
  return ExitCode.ok;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <run-dir>',
  describe:
    'rebuild report.html, report.md, summary.json, junit.xml and bench.json of a run directory (repetitions.md/.html of a repeated run, knee.md/.html of a search)',
  builder: (y: Argv<GlobalArgs>) =>
    withComparisonOptions(y)
      .positional('run-dir', {
        type: 'string',
        demandOption: true,
        describe: 'the run directory (reports/<run-id>), or the parent of a repeated run or of a search',
      })
      .option('from-influx', {
        type: 'string',
        describe: 'read the points from InfluxDB (http://host:8086/db) instead of metrics.lp',
      })
      .option('baseline', {
        type: 'string',
        describe: 'compare with this run directory or summary.json; exit 1 on a regression',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the summary (and comparison) as JSON',
      }) as unknown as Argv<ReportArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const comparison = comparisonOptions(args);
      const { kneeIn } = await import('../../report/knee-files.js');
      const knee = kneeIn(args.runDir);
      if (knee) return reportKnee(ctx, args, knee);
      const { repetitionsIn } = await import('../../report/compare-sets.js');
      const repetitions = repetitionsIn(args.runDir);
      if (repetitions) return reportRepetitions(ctx, args, repetitions, comparison);
      const { buildReports, comparisonVerdictLine, pointsFromInflux } = await import('../../report/index.js');
      const { loadRunDir } = await import('../../report/load-run.js');
      let points;
      if (args.fromInflux) {
        const runId = loadRunDir(args.runDir).record.id;
        ctx.log.info(`reading the points of ${runId} from InfluxDB`);
        points = await pointsFromInflux({ url: args.fromInflux, runId });
        ctx.log.info(`${points.length} points read`);
      }
      const result = await buildReports(args.runDir, {
        points,
        pointsSource: points ? 'influxdb' : undefined,
        baseline: args.baseline,
        ...comparison,
        log: ctx.log,
      });
      if (args.json) ctx.printJson({ summary: result.summary, comparison: result.comparison, files: result.files });
      else {
        for (const f of result.files) ctx.print(f);
        ctx.print(
          `${result.summary.run.id}: ${result.summary.run.verdict}${result.summary.run.complete ? '' : ' (the run did not finish; the report shows what was collected)'}`,
        );
        if (result.comparison) ctx.print(comparisonVerdictLine(result.comparison));
      }
      return result.comparison && result.comparison.regressions.length > 0 ? ExitCode.failed : ExitCode.ok;
    }),
};
