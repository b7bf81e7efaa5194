// Fills the gaps of a partial run record (a run killed before run.json was complete) so that the
// reports never have to guess which fields exist. Unknown facts become 'unknown', never invented.
import { basename } from 'node:path';
import type { Point } from '../metrics/measurements.js';
import type { RunRecord } from '../run-record.js';

const UNKNOWN = 'unknown';

function firstTag(points: Point[], tag: string): string | undefined {
  for (const p of points) {
    const v = p.tags[tag];
    if (v) return v;
  }
  return undefined;
}

/** The run record with every required field present. */
export function completeRecord(raw: Partial<RunRecord>, points: Point[], dir: string): RunRecord {
  const cluster: Partial<RunRecord['cluster']> = raw.cluster ?? {};
  const env: Partial<RunRecord['environment']> = raw.environment ?? {};
  const firstMs = points[0]?.timeMs;
  return {
    schemaVersion: 1,
    id: raw.id ?? firstTag(points, 'run') ?? basename(dir),
    scenario: raw.scenario ?? firstTag(points, 'scenario') ?? UNKNOWN,
    scenarioFile: raw.scenarioFile ?? UNKNOWN,
    description: raw.description,
    params: raw.params ?? {},
    seed: raw.seed ?? 0,
    validity: raw.validity,
    imageCache: raw.imageCache,
    startMs: raw.startMs ?? firstMs ?? 0,
    endMs: raw.endMs,
    status: raw.status ?? 'running',
    reason: raw.reason,
    exitCode: raw.exitCode,
    cluster: {
      name: cluster.name ?? UNKNOWN,
      nodes: cluster.nodes ?? 0,
      managers: cluster.managers ?? 0,
      workers: cluster.workers ?? 0,
      hollow: cluster.hollow ?? 0,
      hosts: cluster.hosts ?? [],
      nodeMode: cluster.nodeMode ?? UNKNOWN,
      publishMode: cluster.publishMode ?? UNKNOWN,
      boot: cluster.boot,
    },
    environment: {
      harnessVersion: env.harnessVersion ?? UNKNOWN,
      engineVersion: env.engineVersion ?? UNKNOWN,
      innerEngineVersion: env.innerEngineVersion,
      kernel: env.kernel ?? UNKNOWN,
      cpus: env.cpus ?? 0,
      memBytes: env.memBytes ?? 0,
      images: env.images ?? {},
    },
    steps: raw.steps ?? [],
    marks: raw.marks ?? [],
    slos: raw.slos ?? [],
    metrics: raw.metrics ?? {},
  };
}

/** A record made from the points alone, for a run directory without a readable run.json. */
export function recordFromPoints(points: Point[], dir: string): RunRecord {
  return completeRecord({}, points, dir);
}
