// `swarmbench run <file-or-name> [--set k=v ...] [--nodes N] [--cluster NAME] [--seed S]
// [--out DIR] [--keep] [--influx URL] [--baseline DIR [--threshold 10%] [--gate P]] [--json]`:
// validate (no Docker call before the file and the baseline are valid), then run the scenario
// on an existing cluster or one brought up for it, write the run directory and reports, and
// exit 0/1/2/3 with a last line saying why.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { checkClusterName, DEFAULT_CLUSTER } from '../../cluster/names.js';
import { BadInputError, describeError, ExitCode } from '../../errors.js';
import type { ResolvedScenario } from '../../scenario/types.js';
import { PROFILE_SECONDS } from '../../search/plan.js';
import { packageRoot } from '../../util/package-root.js';
import type { Logger } from '../../util/log.js';
import { runCommand, type GlobalArgs } from '../context.js';
import { comparisonOptions, withComparisonOptions, type ComparisonArgs } from './comparison-args.js';
import { parseSetArgs } from './set-args.js';

interface RunArgs extends GlobalArgs, ComparisonArgs {
  scenario: string;
  set: string[];
  nodes?: number;
  hollow?: number;
  cluster: string;
  seed?: number;
  out?: string;
  keep: boolean;
  influx?: string;
  baseline?: string;
  json: boolean;
  calibrate: boolean;
  profile?: string;
  /** Unset unless given: a search's profile.seconds applies then (run-search.ts). */
  'profile-seconds'?: number;
  repeat: number;
  'fresh-cluster': boolean;
}

function harnessVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ??
      'unknown'
    );
  } catch {
    return 'unknown';
  }
}

interface CheckedInput {
  scenario: ResolvedScenario;
  /** The same scenario with one parameter set to another value (a search's probe), --set kept. */
  scenarioWith(param: string, value: number): ResolvedScenario;
  comparison: ReturnType<typeof comparisonOptions>;
}

async function checkInput(args: RunArgs): Promise<CheckedInput> {
  if (args.nodes !== undefined && (!Number.isInteger(args.nodes) || args.nodes < 1)) {
    throw new BadInputError(`--nodes ${args.nodes}: expected a whole number of nodes >= 1`);
  }
  if (args.hollow !== undefined && (!Number.isInteger(args.hollow) || args.hollow < 0)) {
    throw new BadInputError(`--hollow ${args.hollow}: expected a whole number of hollow workers >= 0`);
  }
  if (args.seed !== undefined && (!Number.isInteger(args.seed) || args.seed < 0))
    throw new BadInputError(`--seed ${args.seed}: expected a whole number >= 0`);
  const ps = args['profile-seconds'];
  if (ps !== undefined && (!Number.isFinite(ps) || ps < PROFILE_SECONDS.min || ps > PROFILE_SECONDS.max))
    throw new BadInputError(
      `--profile-seconds ${ps}: expected seconds from ${PROFILE_SECONDS.min} to ${PROFILE_SECONDS.max}`,
    );
  if (!Number.isInteger(args.repeat) || args.repeat < 1 || args.repeat > 100)
    throw new BadInputError(`--repeat ${args.repeat}: expected a whole number of repetitions from 1 to 100`);
  if (args['fresh-cluster'] && args.repeat > 1) {
    const { list } = await import('../../cluster/index.js');
    if ((await list().catch((): string[] => [])).includes(args.cluster))
      throw new BadInputError(
        `--fresh-cluster: cluster "${args.cluster}" already exists, so it cannot be brought up fresh`,
        {
          fix: `name a cluster that does not exist (--cluster NAME), or drop --fresh-cluster to reuse it`,
        },
      );
  }
  checkClusterName(args.cluster);
  const comparison = comparisonOptions(args);
  // A nightly job with a wrong baseline path learns it now, not after the whole run.
  if (args.baseline) (await import('../../report/compare-sets.js')).loadRunSet(args.baseline);
  const [{ loadScenarioOrThrow }, { resolveScenarioFile }] = await Promise.all([
    import('../../scenario/catalog.js'),
    import('../../scenario/named.js'),
  ]);
  const file = resolveScenarioFile(args.scenario);
  const overrides = parseSetArgs(args.set);
  const load = (set: [string, string][]) =>
    loadScenarioOrThrow(file, { overrides: set, nodes: args.nodes, hollow: args.hollow }).scenario;
  const scenario = load(overrides);
  // A search is its own series of runs, each judged by the scenario's SLOs.
  if (scenario.search && (args.repeat > 1 || args.baseline))
    throw new BadInputError(
      `scenario ${scenario.name} searches a breaking point: it takes neither --repeat nor --baseline`,
      {
        fix: 'drop --repeat and --baseline, or use a scenario without search:',
      },
    );
  return {
    scenario,
    scenarioWith: (param, value) => load([...overrides.filter(([k]) => k !== param), [param, String(value)]]),
    comparison,
  };
}

const firstLine = (s: string) => s.split('\n')[0] ?? s;

/**
 * --influx, else SWARMBENCH_INFLUX_URL (metricsStarter reads it), else the InfluxDB that
 * `up --with-influx` started for this cluster: so `up --with-influx` then `run` just works.
 */
async function influxUrlFor(args: RunArgs, log: Logger): Promise<string | undefined> {
  if (args.influx || process.env.SWARMBENCH_INFLUX_URL) return args.influx;
  const { clusterInfluxUrl } = await import('../../cluster/influx.js');
  const { connect } = await import('../../docker/engine.js');
  const url = await clusterInfluxUrl(connect(), args.cluster).catch(() => undefined);
  if (url) log.info(`metrics also go to ${url}, the InfluxDB \`up --with-influx\` started for cluster ${args.cluster}`);
  return url;
}

export const runCommandModule: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run <scenario>',
  describe: 'run a scenario (a file or a name under scenarios/) and judge its SLOs',
  builder: (y: Argv<GlobalArgs>) =>
    withComparisonOptions(y)
      .positional('scenario', {
        type: 'string',
        demandOption: true,
        describe: 'a scenario file or a name (`swarmbench scenarios ls`)',
      })
      .option('set', {
        type: 'string',
        array: true,
        default: [],
        describe: 'override a parameter: --set replicas=200 --set settle=90s',
      })
      .option('nodes', { type: 'number', describe: "total nodes, overriding the scenario's cluster block" })
      .option('hollow', {
        type: 'number',
        describe: "hollow workers beside the dind nodes, overriding the scenario's cluster block",
      })
      .option('cluster', {
        type: 'string',
        default: DEFAULT_CLUSTER,
        describe: 'cluster to use; brought up (and removed after) when it does not exist',
      })
      .option('seed', {
        type: 'number',
        describe: 'seed for random choices (chaos picks); a run prints its seed so it can be replayed',
      })
      .option('out', { type: 'string', describe: 'run directory (default reports/<run-id>)' })
      .option('keep', {
        type: 'boolean',
        default: false,
        describe: "keep the run's services, and the cluster when the run brought it up",
      })
      .option('influx', {
        type: 'string',
        describe: 'also send metrics to this InfluxDB 1.x (or SWARMBENCH_INFLUX_URL)',
      })
      .option('baseline', {
        type: 'string',
        describe: 'compare with this run directory or summary.json; a regression fails the run',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'print the run record as JSON',
      })
      .option('repeat', {
        type: 'number',
        default: 1,
        describe:
          'run the scenario N times; each repetition in <dir>/rep-<i>, medians and intervals in <dir>/repetitions.md and .html',
      })
      .option('fresh-cluster', {
        type: 'boolean',
        default: false,
        describe:
          'with --repeat: bring a new cluster up for each repetition (default: reuse one, its services removed between)',
      })
      .option('profile', {
        type: 'string',
        choices: ['managers'],
        describe:
          "capture Go CPU and heap profiles of the managers' engines into <dir>/profiles (the report shows their top functions)",
      })
      .option('profile-seconds', {
        type: 'number',
        defaultDescription: String(PROFILE_SECONDS.default),
        describe:
          "with --profile, and in every probe of a search (over the search's profile.seconds): how long the CPU profile runs",
      })
      .option('calibrate', {
        type: 'boolean',
        default: true,
        describe:
          "measure the nodes' own container start rate before the first step, for scale.efficiency (--no-calibrate skips it)",
      }) as unknown as Argv<RunArgs>,
  handler: (args) =>
    runCommand(args, async (ctx) => {
      // Everything about the input is checked before the first Docker call.
      let input: CheckedInput;
      try {
        input = await checkInput(args);
      } catch (err) {
        if (!(err instanceof BadInputError)) throw err;
        ctx.log.error(describeError(err));
        ctx.log.error(`exit 2: BAD INPUT: ${firstLine(err.message)}; nothing was created`);
        return ExitCode.badInput;
      }
      const { scenario, comparison } = input;
      const { newSeed } = await import('../../scenario/prng.js');
      const { newRunId } = await import('../../scenario/run-dir.js');
      const { clusterProvider } = await import('../../scenario/cluster-provider.js');
      const { describeSlo } = await import('../../scenario/slo.js');
      const { metricsStarter } = await import('../../metrics/start.js');
      const { resolveInfluxTarget } = await import('../../metrics/influx-config.js');
      const seed = args.seed ?? newSeed();
      const runId = newRunId(scenario.name);
      const runDir = resolve(args.out ?? resolve('reports', runId));

      const abort = new AbortController();
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(ExitCode.interrupted);
        ctx.log.warn('interrupted: stopping after the current call and cleaning up (Ctrl-C again to quit at once)');
        abort.abort(new Error('interrupted'));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const influxUrl = await influxUrlFor(args, ctx.log);
        // The run's InfluxDB also gets its run_summary point, after the reports.
        const influx = resolveInfluxTarget({ url: influxUrl });
        const base = {
          scenario,
          seed,
          clusterName: args.cluster,
          keep: args.keep,
          provider: clusterProvider(ctx.log, abort.signal),
          log: ctx.log,
          startMetrics: metricsStarter({
            influxUrl,
            nested: args.calibrate,
            // Repetitions on one cluster share one nested start rate (measured before the first).
            nestedOnce: args.repeat > 1 && !args['fresh-cluster'],
          }),
          signal: abort.signal,
          harnessVersion: harnessVersion(),
          ...(args.profile === 'managers'
            ? { profileManagers: { seconds: args['profile-seconds'] ?? PROFILE_SECONDS.default } }
            : {}),
        };
        const reports = { baseline: args.baseline, comparison, summaryPoint: influx && { target: influx } };
        // The last line a nightly job reads: the exit code, why, the run and its seed to replay it.
        const finish = (exitCode: number, reason: string, figures = '') => {
          const last = `exit ${exitCode}: ${reason} (run ${runId}, seed ${seed})${figures}`;
          if (exitCode === ExitCode.ok) ctx.log.info(last);
          else ctx.log.error(last);
          return exitCode;
        };
        const search = scenario.search;
        if (search) {
          const { runSearched } = await import('./run-search.js');
          const r = await runSearched(ctx, {
            spec: search,
            scenarioAt: (size) => input.scenarioWith(search.param, size),
            base,
            runId,
            runDir,
            comparison,
            profileSeconds: args['profile-seconds'],
          });
          ctx.print(`run directory: ${runDir}`);
          return finish(r.exitCode, r.reason);
        }
        if (args.repeat > 1) {
          const { runRepeated } = await import('./run-repeat.js');
          const r = await runRepeated(ctx, {
            repeat: args.repeat,
            freshCluster: args['fresh-cluster'],
            scenario,
            base,
            runId,
            runDir,
            reports,
          });
          ctx.print(`run directory: ${runDir}`);
          return finish(r.exitCode, r.reason);
        }
        const { runOnce } = await import('./run-once.js');
        const { outcome, exitCode, reason, figures } = await runOnce(ctx, { ...base, runId, runDir }, reports);
        if (args.json) ctx.printJson({ ...outcome.record, exitCode, reason, runDir });
        else {
          for (const s of outcome.record.slos)
            ctx.print(
              `${s.verdict === 'pass' ? 'pass   ' : s.verdict === 'fail' ? 'FAIL   ' : 'NO DATA'} ${describeSlo(s)}`,
            );
          ctx.print(`run directory: ${runDir}`);
        }
        return finish(exitCode, reason, figures);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    }),
};
