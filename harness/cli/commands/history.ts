// `swarmbench history [DIR | --from-influx URL] --scenario S [--out DIR] [--min-change 10%] [--json]`:
// a scenario's headline metrics over the runs under DIR (default reports/) or the run_summary
// points InfluxDB holds, the change points in each, and history.json plus history.html in --out
// (default DIR). Exit 1 when the newest runs start a regression, 2 when there is nothing to read,
// 3 when InfluxDB does not answer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { BadInputError, ExitCode } from '../../errors.js';
import type { HistoryRun } from '../../history/runs.js';
import { runCommand, type GlobalArgs } from '../context.js';

interface HistoryArgs extends GlobalArgs {
  dir?: string;
  'from-influx'?: string;
  scenario: string;
  out?: string;
  'min-change': string;
  'all-params': boolean;
  json: boolean;
}

export const historyCommand: CommandModule<GlobalArgs, HistoryArgs> = {
  command: 'history [dir]',
  describe:
    "a scenario's headline metrics over its runs, with change points; exit 1 when the newest runs start a regression",
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('dir', {
        type: 'string',
        describe: 'the directory that holds the run directories (default reports)',
      })
      .option('from-influx', {
        type: 'string',
        describe:
          'read the runs from the run_summary points in this InfluxDB 1.x (http://host:8086[/database]) instead of DIR',
      })
      .option('scenario', { type: 'string', demandOption: true, describe: 'the scenario whose runs make the history' })
      .option('out', {
        type: 'string',
        describe: 'where history.json and history.html go (default: DIR, with --from-influx reports)',
      })
      .option('min-change', {
        type: 'string',
        default: '0%',
        describe: 'a change point smaller than this is neutral, never a regression (e.g. 10%)',
      })
      .option('all-params', {
        type: 'boolean',
        default: false,
        describe: 'keep runs with other parameters or cluster size than the newest run (default: leave them out)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'print history.json' }) as Argv<HistoryArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      const { parseThreshold } = await import('../../report/compare-options.js');
      const minChange = parseThreshold(args['min-change']);
      if (minChange === undefined)
        throw new BadInputError(`--min-change ${args['min-change']} is not a percentage`, {
          fix: 'write it as 10% (or 0.1)',
        });
      const fromInflux = args['from-influx'];
      if (fromInflux !== undefined && args.dir !== undefined)
        throw new BadInputError(`history reads its runs from ${args.dir} or from --from-influx, not both`, {
          fix: 'drop DIR (with --out DIR to choose where history.json goes) or drop --from-influx',
        });
      const dir = args.dir ?? 'reports';
      const { buildHistory, likeTheNewest, MIN_RUNS } = await import('../../history/history.js');
      const { CHANGE_POINT_DEFAULTS } = await import('../../history/change-points.js');
      const RECENT_RUNS = CHANGE_POINT_DEFAULTS.recent;
      let runs: HistoryRun[];
      if (fromInflux !== undefined) {
        const { loadHistoryRunsFromInflux } = await import('../../history/influx.js');
        const { describeTarget } = await import('../../metrics/influx-config.js');
        const r = await loadHistoryRunsFromInflux({ url: fromInflux, scenario: args.scenario });
        runs = r.runs;
        if (runs.length === 0)
          throw new BadInputError(
            `no run_summary point of scenario ${args.scenario} in InfluxDB at ${describeTarget(r.target)}`,
            {
              fix: 'name the database runs wrote to with `run --influx` (http://host:8086/database) and a scenario they ran; runs made before run_summary existed are read from their directories (`swarmbench history DIR`)',
            },
          );
      } else {
        const { loadHistoryRuns } = await import('../../history/runs.js');
        runs = loadHistoryRuns(dir, args.scenario);
        if (runs.length === 0)
          throw new BadInputError(`no finished run of scenario ${args.scenario} under ${dir}`, {
            fix: 'name the directory that holds the run directories, and a scenario they ran (`swarmbench runs ls`)',
          });
      }
      const { like, other } = likeTheNewest(runs);
      if (!args['all-params']) runs = like;
      const h = buildHistory(args.scenario, runs, { minChange });
      if (!args['all-params'] && other.length > 0)
        h.warnings.unshift(
          `left out ${other.length} run${other.length === 1 ? '' : 's'} with other parameters or cluster size than the newest (${like.at(-1)!.id}; --all-params keeps them): ${other
            .slice(0, 5)
            .map((r) => r.id)
            .join(', ')}${other.length > 5 ? ` and ${other.length - 5} more` : ''}`,
        );
      const out = args.out ?? dir;
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, 'history.json'), `${JSON.stringify(h, null, 2)}\n`);
      const { historyHtml } = await import('../../history/html.js');
      const { renderPng } = await import('../../report/charts/render.js');
      writeFileSync(join(out, 'history.html'), await historyHtml(h, (c) => renderPng(c)));
      if (args.json) ctx.printJson(h);
      else {
        for (const w of h.warnings) ctx.log.warn(w.startsWith('left out') ? w : `unlike runs: ${w}`);
        if (Object.keys(h.metrics).length === 0)
          ctx.log.warn(`${runs.length} runs: too few for change points (each metric needs ${MIN_RUNS})`);
        for (const [name, m] of Object.entries(h.metrics)) {
          const cps = m.analysis.changePoints.map(
            (c) => `run ${c.index + 1} ${c.kind} ${(c.change * 100).toFixed(1)} %`,
          );
          ctx.print(`${name}: ${m.points.length} runs, ${cps.length ? cps.join('; ') : 'no change point'}`);
        }
        ctx.print(`written: ${join(out, 'history.json')}, ${join(out, 'history.html')}`);
      }
      const line = h.regressions.length
        ? `exit 1: REGRESSED: the newest runs start a regression in ${h.regressions.join(', ')}`
        : `exit 0: no regression starts in the newest ${Math.min(runs.length, RECENT_RUNS)} of ${runs.length} runs`;
      if (h.regressions.length) {
        ctx.log.error(line);
        return ExitCode.failed;
      }
      ctx.log.info(line);
      return ExitCode.ok;
    }),
};
