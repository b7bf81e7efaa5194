// `swarmbench report <run-dir> [--from-influx URL] [--baseline X]`: rebuilds every report file of
// a run directory from metrics.lp (or InfluxDB) without re-running anything.
import type { Argv, CommandModule } from 'yargs';
import { ExitCode } from '../../errors.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { comparisonOptions, withComparisonOptions, type ComparisonArgs } from './comparison-args.js';

interface ReportArgs extends GlobalArgs, ComparisonArgs {
  runDir: string;
  fromInflux?: string;
  baseline?: string;
  json: boolean;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'rebuild report.html, report.md, summary.json, junit.xml and bench.json of a run directory',
  builder: (y: Argv<GlobalArgs>) =>
    withComparisonOptions(y)
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'the run directory (reports/<run-id>)' })
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
