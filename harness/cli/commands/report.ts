// `swarmbench report <run-dir> [--from-influx URL] [--baseline X]`: rebuilds every report file of
// a run directory from metrics.lp (or InfluxDB) without re-running anything.
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import { buildReports, comparisonVerdictLine, parseGate, parseThreshold, pointsFromInflux } from '../../report/index.js';
import { loadRunDir } from '../../report/load-run.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface ReportArgs extends GlobalArgs {
  runDir: string;
  fromInflux?: string;
  baseline?: string;
  threshold: string;
  gate?: string[];
  json: boolean;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'rebuild report.html, report.md, summary.json, junit.xml and bench.json of a run directory',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'the run directory (reports/<run-id>)' })
      .option('from-influx', { type: 'string', describe: 'read the points from InfluxDB (http://host:8086/db) instead of metrics.lp' })
      .option('baseline', { type: 'string', describe: 'compare with this run directory or summary.json; exit 1 on a regression' })
      .option('threshold', { type: 'string', default: '10%', describe: 'with --baseline: how far a metric may move the wrong way' })
      .option('gate', { type: 'string', array: true, describe: 'metric patterns that can fail the comparison (default: latency, throughput, convergence, chaos, HTTP; SLO metrics always)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary (and comparison) as JSON' }) as unknown as Argv<ReportArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const threshold = parseThreshold(args.threshold);
      if (threshold === undefined) throw new BadInputError(`--threshold ${args.threshold} is not a percentage`, { fix: 'write it as 10% (or 0.1)' });
      let points;
      if (args.fromInflux) {
        const runId = loadRunDir(args.runDir).record.id;
        ctx.log.info(`reading the points of ${runId} from InfluxDB`);
        points = await pointsFromInflux({ url: args.fromInflux, runId });
        ctx.log.info(`${points.length} points read`);
      }
      const result = await buildReports(args.runDir, { points, pointsSource: points ? 'influxdb' : undefined, baseline: args.baseline, threshold, gate: parseGate(args.gate), log: ctx.log });
      if (args.json) ctx.printJson({ summary: result.summary, comparison: result.comparison, files: result.files });
      else {
        for (const f of result.files) ctx.print(f);
        ctx.print(`${result.summary.run.id}: ${result.summary.run.verdict}${result.summary.run.complete ? '' : ' (the run did not finish; the report shows what was collected)'}`);
        if (result.comparison) ctx.print(comparisonVerdictLine(result.comparison));
      }
      return result.comparison && result.comparison.regressions.length > 0 ? ExitCode.failed : ExitCode.ok;
    }),
};
