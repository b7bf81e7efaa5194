// Runs one resolved scenario: cluster (open or up), run directory, pre-pull, metrics, the images
// removed again when the scenario wants a cold image cache, steps in order, SLOs, verdict (and
// validity, which fails the run when the scenario requires it), cleanup. run.json is rewritten at
// every step. Docker is touched only from here on: the scenario was validated before this is called.
import { cpus, loadavg, totalmem } from 'node:os';
import type { ClusterHandle } from '../cluster/types.js';
import { hasIngressNetwork, listServices, removeService } from '../docker/services.js';
import { BadInputError, ExitCode, SwarmbenchError } from '../errors.js';
import { Measurement } from '../metrics/measurements.js';
import { validityOf } from '../metrics/measurements/validity.js';
import type { ClusterBootRecord, RunRecord, StepRecord } from '../run-record.js';
import type { Logger } from '../util/log.js';
import { prepareImageCache } from './image-cache.js';
import { startManagerProfiles, type ManagerProfiling } from './manager-profiles.js';
import { firstStepNamed } from './step-names.js';
import { applySwarmSettings, type AppliedSettings } from './swarm-settings.js';
import { mulberry32 } from './prng.js';
import { largestBurst } from './step-burst.js';
import { countRun } from './runs-served.js';
import { valuesOf } from '../metrics/metric-map.js';
import type { RunMetrics, StartMetrics } from '../metrics/start.js';
import { mergeMetrics, StepRecorder } from './recorder.js';
import { RunDir } from './run-dir.js';
import { evaluateSlos, parseSlos } from './slo.js';
import type { KnownService, StepContext } from './steps/context.js';
import { runStep } from './steps/index.js';
import type { ResolvedScenario } from './types.js';
import { judgeValidity, verdictOf, type Verdict } from './verdict.js';

export interface ClusterRequest {
  name: string;
  nodes: number;
  managers: number;
  /** Keep the inner ingress network: the scenario publishes ports. */
  routingMesh: boolean;
  /** Hollow workers beside the dind nodes (cluster.hollow); 0: none. */
  hollow?: number;
}

/** How the runner reaches clusters; cli/ wires it to harness/cluster, tests may fake it. */
export interface ClusterProvider {
  /** The cluster of that name, or undefined when there is none. */
  open(name: string): Promise<ClusterHandle | undefined>;
  /** Brings a cluster up; `boot` says how (the pace it took), for the run record. */
  up(req: ClusterRequest): Promise<ClusterHandle & { boot?: ClusterBootRecord }>;
  down(name: string): Promise<void>;
}

export interface RunOptions {
  scenario: ResolvedScenario;
  seed: number;
  runId: string;
  runDir: string;
  clusterName: string;
  keep: boolean;
  /** Keep the cluster even when this run brought it up (its services are still removed): the
   *  next repetition of `run --repeat` uses it. */
  keepCluster?: boolean;
  provider: ClusterProvider;
  log: Logger;
  startMetrics?: StartMetrics;
  signal?: AbortSignal;
  harnessVersion: string;
  /** `--profile managers`: CPU profiles of the managers' engines for this many seconds from the
   *  start of `step` (a step name, firstStepNamed; the first step when unset), and their heaps
   *  after the last step (manager-profiles.ts). */
  profileManagers?: { seconds: number; step?: string };
}

export interface RunOutcome extends Verdict {
  record: RunRecord;
  /** This run brought the cluster up. */
  createdCluster: boolean;
  /** The validity verdict in one phrase, for the last line after the reason (see judgeValidity). */
  validityNote?: string;
  /** The run's services it removed at the end: their tasks' containers may still be going away
   *  on the workers (run --repeat waits for them before the next repetition: tasks-gone.ts). */
  removedServices: string[];
}

const publishes = (s: ResolvedScenario) =>
  s.steps.some((st) => st.type === 'service.create' && (st.body.publish?.length ?? 0) > 0);

export async function runScenario(o: RunOptions): Promise<RunOutcome> {
  const { scenario, log } = o;
  const dir = new RunDir(o.runDir);
  log.addFile(dir.logFile);
  dir.writeStart(scenario, o.seed);
  const record: RunRecord = {
    schemaVersion: 1,
    id: o.runId,
    scenario: scenario.name,
    scenarioFile: scenario.file,
    description: scenario.description || undefined,
    params: scenario.params,
    seed: o.seed,
    validity: scenario.validity,
    imageCache: scenario.imageCache,
    startMs: Date.now(),
    status: 'running',
    cluster: {
      name: o.clusterName,
      nodes: 0,
      managers: 0,
      workers: 0,
      hollow: 0,
      hosts: [],
      nodeMode: '',
      publishMode: publishes(scenario) ? 'unknown' : 'none',
    },
    environment: {
      harnessVersion: o.harnessVersion,
      engineVersion: '',
      kernel: '',
      cpus: cpus().length,
      memBytes: totalmem(),
      loadAtStart: Number(loadavg()[0]!.toFixed(2)),
      images: {},
    },
    steps: [],
    marks: [],
    slos: [],
    metrics: {},
  };
  const save = () => dir.writeRecord(record);
  log.info(
    `run ${o.runId}: scenario ${scenario.name}, seed ${o.seed} (replay with --seed ${o.seed}), run directory ${o.runDir}`,
  );
  save();

  const slos = parseSlos(scenario.slos);
  const recorder = new StepRecorder();
  let cluster: ClusterHandle | undefined;
  let createdCluster = false;
  let metrics: RunMetrics | undefined;
  let profiling: ManagerProfiling | undefined;
  let settings: AppliedSettings | undefined;
  let error: unknown;
  const services = new Map<string, KnownService>();

  try {
    const ensured = await ensureCluster(o);
    ({ cluster, created: createdCluster } = ensured);
    record.cluster.fresh = createdCluster;
    record.cluster.runsServed = await countRun(cluster, log);
    o.signal?.throwIfAborted();
    await describeCluster(cluster, record, scenario, log);
    if (ensured.cluster.boot) record.cluster.boot = ensured.cluster.boot;
    save();

    await clearLeftovers(cluster, scenario, log);
    settings = await applySwarmSettings(cluster, scenario.cluster.swarm, log);
    if (settings.record) record.cluster.swarm = settings.record;
    save();
    const images = [
      ...new Set(
        scenario.steps.flatMap((s) =>
          (s.type === 'service.create' || s.type === 'service.update') && s.body.image ? [s.body.image] : [],
        ),
      ),
    ];
    const refs = images.map((i) => (i === 'alpine' || i === 'nginx' ? cluster!.imageRef(i) : i));
    // Pulled for a cold run too: the nested calibration that starts with the metrics runs alpine on
    // every real worker and must time a container start, not a pull. A cold run removes the images
    // after it (below), which also undoes the pull that calibration would otherwise have made.
    await prepareImageCache(cluster, refs, 'warm', log);

    if (o.startMetrics) {
      metrics = await o.startMetrics({
        runId: o.runId,
        scenario: scenario.name,
        runDir: o.runDir,
        cluster,
        log,
        startMs: record.startMs,
        burst: largestBurst(scenario.steps),
      });
      recorder.attach(metrics);
    }
    if (scenario.imageCache === 'cold') await prepareImageCache(cluster, refs, 'cold', log);
    const handle = cluster;
    const ctx: StepContext = {
      cluster: handle,
      manager: () => handle.manager(),
      recorder,
      log,
      random: mulberry32(o.seed),
      runId: o.runId,
      scenario: scenario.name,
      labels: { 'swarmbench.run': o.runId, 'swarmbench.scenario': scenario.name, 'swarmbench.cluster': o.clusterName },
      publishMode: record.cluster.publishMode === 'host' ? 'host' : 'ingress',
      services,
      pending: new Map(),
      signal: o.signal,
      result: {},
    };
    const profileFrom = o.profileManagers ? profileStart(scenario, o.profileManagers.step, log) : -1;
    for (const step of scenario.steps) {
      o.signal?.throwIfAborted();
      // At the start of the step asked for, so the CPU profile covers the load (a ramp), not the
      // set-up before it; the seconds run on across the steps after it.
      if (o.profileManagers && step.index === profileFrom)
        profiling = await startManagerProfiles(handle, o.runDir, {
          seconds: o.profileManagers.seconds,
          step: step.name,
          log,
        });
      const rec: StepRecord = { index: step.index, name: step.name, type: step.type, startMs: Date.now() };
      record.steps.push(rec);
      save();
      recorder.setStep(step.name, step.index);
      recorder.record(stepPoint(o, step.name, 'start', step.index, {}));
      log.info(`step ${step.index + 1}/${scenario.steps.length}: ${step.name}`);
      ctx.result = {};
      try {
        await runStep(ctx, step);
      } catch (err) {
        rec.error = err instanceof Error ? err.message : String(err);
        throw err;
      } finally {
        rec.endMs = Date.now();
        recorder.record(stepPoint(o, step.name, 'end', step.index, ctx.result));
        record.marks = [...recorder.marks];
        save();
      }
    }
  } catch (err) {
    const during = record.steps.at(-1);
    error = o.signal?.aborted
      ? new SwarmbenchError(
          `stopped by a signal ${during ? `during step ${during.index + 1} (${during.name})` : 'before the first step'}`,
          ExitCode.interrupted,
          { cause: err },
        )
      : err;
  }

  // Whatever happened: stop the collectors, judge what was measured, write it all down.
  let collected = {};
  if (metrics)
    collected = await metrics.stop().catch((e: Error) => (log.warn(`metrics did not stop cleanly: ${e.message}`), {}));
  // After the collectors stopped, so waiting for a CPU profile to end adds no idle samples; before
  // the cleanup, so the heap is the one that holds the run's services and tasks.
  await profiling?.finish();
  // Derived figures (efficiency, fraction of hardware) again from the merged ones: a ratio is
  // always of the figure shown, the step's own where it replaced the session's.
  const merged = metrics
    ? metrics.derive(mergeMetrics(collected, recorder.metrics()))
    : mergeMetrics(collected, recorder.metrics());
  record.metrics = merged;
  const values = valuesOf(merged);
  record.slos = evaluateSlos(slos, values);
  const { verdict, note } = judgeValidity(verdictOf(record.slos, error), scenario.validity, validityOf(values));
  Object.assign(record, {
    status: verdict.status,
    exitCode: verdict.exitCode,
    reason: verdict.reason,
    endMs: Date.now(),
  });
  save();

  await settings?.restore();
  const removedServices = cluster ? await cleanup(o, cluster, createdCluster, services, log) : [];
  return { ...verdict, record, createdCluster, validityNote: note, removedServices };
}

/** The index of the step the CPU profiles start with: the one named (the loader checked a search's
 *  name), else the first; a name no step has is said and the first step taken. */
function profileStart(scenario: ResolvedScenario, name: string | undefined, log: Logger): number {
  if (name === undefined) return 0;
  const i = firstStepNamed(
    scenario.steps.map((s) => s.name),
    name,
  );
  if (i !== undefined) return i;
  log.warn(`profiles: no step named "${name}": the CPU profiles start with the first step`);
  return 0;
}

function stepPoint(
  o: RunOptions,
  step: string,
  event: 'start' | 'end',
  index: number,
  result: Record<string, number | string>,
) {
  // A step's numeric results are floats, whatever value they happen to have: a field that is an
  // integer in one step and not in the next is a type conflict InfluxDB refuses (issue 13's
  // converge times from swarm timestamps made that happen). Only the index is an integer.
  const intFields = ['index'];
  return {
    measurement: Measurement.step,
    tags: { step, run: o.runId, scenario: o.scenario.name },
    fields: { event, index, ...result },
    intFields,
    timeMs: Date.now(),
  };
}

async function ensureCluster(
  o: RunOptions,
): Promise<{ cluster: ClusterHandle & { boot?: ClusterBootRecord }; created: boolean }> {
  const { nodes, managers, hollow } = o.scenario.cluster;
  const existing = await o.provider.open(o.clusterName);
  if (existing) {
    const present = await existing.nodes();
    const hollowPresent = present.filter((n) => n.hollow).length;
    o.log.info(
      `using the running cluster "${o.clusterName}" (${present.length} nodes, ${hollowPresent} of them hollow)`,
    );
    if (hollow <= hollowPresent) return { cluster: existing, created: false };
    // Same code as \`up --hollow\`: an up of the existing cluster grows only its hollow workers.
    o.log.info(`the scenario asks for ${hollow} hollow workers: adding ${hollow - hollowPresent}`);
    await existing.close();
    const real = present.filter((n) => !n.hollow).length;
    const grown = await o.provider.up({
      name: o.clusterName,
      nodes: Math.max(1, real),
      managers,
      routingMesh: publishes(o.scenario),
      hollow,
    });
    return { cluster: grown, created: false };
  }
  o.log.info(
    `no cluster "${o.clusterName}": bringing one up with ${nodes} nodes (${managers} manager${managers > 1 ? 's' : ''})${hollow > 0 ? ` and ${hollow} hollow workers` : ''}`,
  );
  const cluster = await o.provider.up({
    name: o.clusterName,
    nodes,
    managers,
    routingMesh: publishes(o.scenario),
    hollow,
  });
  return { cluster, created: true };
}

async function describeCluster(
  cluster: ClusterHandle,
  record: RunRecord,
  scenario: ResolvedScenario,
  log: Logger,
): Promise<void> {
  const nodes = await cluster.nodes();
  const managers = nodes.filter((n) => n.role === 'manager').length;
  const hollow = nodes.filter((n) => n.hollow).length;
  Object.assign(record.cluster, {
    nodes: nodes.length,
    managers,
    workers: nodes.length - managers,
    hollow,
    hosts: [...new Set(nodes.map((n) => n.host))],
    nodeMode: cluster.info.nodeMode,
  });
  if (publishes(scenario)) {
    const ingress = await hasIngressNetwork(await cluster.manager());
    record.cluster.publishMode = cluster.info.ipvs && ingress ? 'ingress' : 'host';
    if (record.cluster.publishMode === 'host') {
      const why = cluster.info.ipvs ? 'the inner swarm has no ingress network' : 'NO IPVS in this kernel';
      log.warn(`!!! ${why}: the routing mesh cannot work here. Published ports use HOST mode with DNS round-robin`);
      log.warn(
        '!!! (endpoint_mode dnsrr); HTTP load goes to the nodes that run a task, not to every node. Recorded as publishMode=host.',
      );
    }
  }
  const outer = cluster.outerEngines()[0];
  const v = outer ? await outer.version().catch(() => undefined) : undefined;
  const inner = await cluster
    .manager()
    .then((m) => m.version())
    .catch(() => undefined);
  Object.assign(record.environment, {
    engineVersion: v?.version ?? '',
    kernel: v?.kernel ?? '',
    innerEngineVersion: inner?.version,
    images: {
      alpine: { ref: cluster.imageRef('alpine'), source: 'cluster registry' },
      nginx: { ref: cluster.imageRef('nginx'), source: 'cluster registry' },
    },
  });
  if (nodes.length < scenario.cluster.nodes) {
    log.warn(
      `the cluster has ${nodes.length} nodes, the scenario asks for ${scenario.cluster.nodes}; running on what there is (\`swarmbench up --nodes ${scenario.cluster.nodes}\` grows it)`,
    );
  }
}

/**
 * Services the scenario is about to create may exist already: left by an earlier run with
 * --keep (labelled: removed, with a warning) or made by someone else (not ours: bad input).
 */
async function clearLeftovers(cluster: ClusterHandle, scenario: ResolvedScenario, log: Logger): Promise<void> {
  const names = new Set(scenario.steps.flatMap((s) => (s.type === 'service.create' ? [s.body.name] : [])));
  if (names.size === 0) return;
  const engine = await cluster.manager();
  for (const svc of (await listServices(engine)).filter((s) => names.has(s.name))) {
    const run = svc.labels['swarmbench.run'];
    if (!run) {
      throw new BadInputError(
        `service ${svc.name} already runs on cluster "${cluster.info.name}" and was not made by swarmbench`,
        {
          fix: `remove it, or run on another cluster (--cluster)`,
        },
      );
    }
    log.warn(`removing service ${svc.name} left on the cluster by run ${run} (--keep)`);
    await removeService(engine, svc.name);
  }
}

/** Leaves the cluster as the run found it: its services removed, and the cluster itself when the
 *  run made it. Returns the services it removed. */
async function cleanup(
  o: RunOptions,
  cluster: ClusterHandle,
  created: boolean,
  services: Map<string, unknown>,
  log: Logger,
): Promise<string[]> {
  try {
    await cluster.close();
    if (o.keep) {
      log.info(`--keep: cluster "${o.clusterName}" and the run's services stay up`);
      return [];
    }
    if (created && !o.keepCluster) {
      log.info(`removing cluster "${o.clusterName}" (made by this run; --keep keeps it)`);
      await o.provider.down(o.clusterName);
      return [];
    }
    const engine = await cluster.manager();
    const mine = (await listServices(engine)).filter((s) => services.has(s.name));
    for (const s of mine) await removeService(engine, s.name);
    if (mine.length) log.info(`removed the run's services: ${mine.map((s) => s.name).join(', ')}`);
    return mine.map((s) => s.name);
  } catch (err) {
    log.warn(`cleanup after the run failed: ${(err as Error).message}`);
    return [];
  }
}
