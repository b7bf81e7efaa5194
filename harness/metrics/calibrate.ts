// Calibration: how fast each outer host starts containers on its own (create + start straight on
// the engine, the workload image, a fixed concurrency), so reports can show the swarm's
// scheduling rate as a fraction of what the hardware can do. Hosts are measured one after the
// other (several simulated hosts may share one machine); containers are removed on every path.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Engine } from '../docker/engine.js';
import { hostFacts } from '../docker/host-info.js';
import { removeLabelled, startBatch, startedTimes } from '../docker/start-rate.js';
import { silentLogger, type Logger } from '../util/log.js';
import { CALIBRATION_FILE } from './calibration-file.js';
import { startRate } from './rate.js';
import type { NestedCalibration } from './nested-calibration.js';
import { summarize, type LatencySummary } from './percentiles.js';

export interface HostCalibration {
  host: string;
  engineVersion: string;
  ncpu?: number;
  started: number;
  failed: number;
  /** Containers per second: started / (last StartedAt - first Created), engine clock. */
  containersPerSecond: number;
  /** The same from the harness's clock (first request to last start answer). */
  wallContainersPerSecond: number;
  /** Per container: Created -> StartedAt (ms). */
  startLatencyMs?: LatencySummary;
  elapsedMs: number;
  errors: string[];
}

export interface Calibration {
  schemaVersion: 1;
  measuredAt: string;
  image: string;
  count: number;
  concurrency: number;
  hosts: Record<string, HostCalibration>;
  /** With `calibrate --cluster`: the nested start rate inside that cluster's real workers. */
  nested?: NestedCalibration;
}

export interface CalibrateOptions {
  image: string;
  count: number;
  concurrency: number;
  log?: Logger;
  /** Unique per invocation; used in names and labels so cleanup finds exactly these. */
  runId: string;
}

export async function calibrateHost(engine: Engine, o: CalibrateOptions): Promise<HostCalibration> {
  const log = o.log ?? silentLogger;
  const labels = { 'swarmbench.role': 'calibrate', 'swarmbench.run': o.runId };
  const host = await hostFacts(engine);
  log.info(`calibrate: ${engine.name}: starting ${o.count} containers of ${o.image}, ${o.concurrency} at a time`);
  const t0 = Date.now();
  try {
    const { ids, errors } = await startBatch(engine, {
      image: o.image,
      count: o.count,
      concurrency: o.concurrency,
      namePrefix: `swarmbench-calibrate-${o.runId}`,
      labels,
    });
    const elapsedMs = Date.now() - t0;
    const times = await startedTimes(engine, ids);
    return {
      host: engine.name,
      engineVersion: host.serverVersion,
      ncpu: host.cpus || undefined,
      started: times.length,
      failed: errors.length,
      containersPerSecond: startRate(times),
      wallContainersPerSecond: (ids.length * 1000) / Math.max(elapsedMs, 1),
      startLatencyMs: summarize(times.map((t) => t.startedMs - t.createdMs)),
      elapsedMs,
      errors: [...new Set(errors)].slice(0, 5),
    };
  } finally {
    const n = await removeLabelled(engine, labels).catch((err) => {
      log.warn(
        `calibrate: ${engine.name}: could not remove the calibration containers (${String(err)}); they carry the label swarmbench.run=${o.runId}`,
      );
      return 0;
    });
    log.debug(`calibrate: ${engine.name}: removed ${n} containers`);
  }
}

export async function calibrate(engines: readonly Engine[], o: CalibrateOptions): Promise<Calibration> {
  const out: Calibration = {
    schemaVersion: 1,
    measuredAt: new Date().toISOString(),
    image: o.image,
    count: o.count,
    concurrency: o.concurrency,
    hosts: {},
  };
  for (const e of engines) out.hosts[e.name] = await calibrateHost(e, o);
  return out;
}

/** A calibration older than this says nothing sure of the host today (its speed drifts by day). */
export const CALIBRATION_MAX_AGE_MS = 7 * 86_400_000;

/**
 * Why a calibration does not describe these hosts now (undefined: it does): too old, taken on
 * other hosts, or on another engine version. A calibration that does not fit is never used
 * silently: the caller says why and how to take a new one.
 */
export function calibrationMisfit(
  c: Calibration,
  now: { ms: number; engines: Readonly<Record<string, string | undefined>> },
): string | undefined {
  const taken = Date.parse(c.measuredAt);
  if (!Number.isFinite(taken)) return 'it does not say when it was taken';
  const ageDays = (now.ms - taken) / 86_400_000;
  if (now.ms - taken > CALIBRATION_MAX_AGE_MS)
    return `it is ${ageDays.toFixed(0)} days old (at most ${CALIBRATION_MAX_AGE_MS / 86_400_000})`;
  for (const [host, version] of Object.entries(now.engines)) {
    const h = c.hosts[host];
    if (!h) return `it has no figure for host ${host}`;
    if (version && h.engineVersion && version !== h.engineVersion) {
      return `host ${host} runs engine ${version}, the calibration was taken on ${h.engineVersion}`;
    }
  }
  return undefined;
}

export async function writeCalibration(path: string, c: Calibration): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(c, null, 2)}\n`);
}

/** The last calibration, for reports; undefined when none was made. */
export async function readCalibration(path = CALIBRATION_FILE): Promise<Calibration | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Calibration;
  } catch {
    return undefined;
  }
}
