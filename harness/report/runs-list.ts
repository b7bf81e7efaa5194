// `runs ls`: the runs under a reports directory with their date, scenario and verdict, read from
// summary.json when a report was built and from run.json otherwise (cheap: no metrics are read).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../run-record.js';
import { runVerdict } from './summary.js';
import { completeRecord } from './record-defaults.js';
import type { RunSummary, RunVerdict } from './summary-schema.js';

export interface RunListing {
  dir: string;
  id: string;
  start: string;
  scenario: string;
  verdict: RunVerdict | 'unreadable';
  nodes: number;
  durationMs?: number;
  /** Whether report files exist (false: `swarmbench report <dir>` builds them). */
  reported: boolean;
  /** The regressions comparison.json found against the run's baseline, when it was compared. */
  regressions?: string[];
}

/** A JSON file's content, or undefined when it is missing or unreadable (a run still being written). */
export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function listOne(dir: string): RunListing | undefined {
  const summary = existsSync(join(dir, 'summary.json')) ? readJson<RunSummary>(join(dir, 'summary.json')) : undefined;
  const reported = existsSync(join(dir, 'report.html'));
  // run.json is the fresher of the two while a run is going, or after a re-run into the same dir.
  const raw = existsSync(join(dir, 'run.json')) ? readJson<Partial<RunRecord>>(join(dir, 'run.json')) : undefined;
  if (raw) {
    const r = completeRecord(raw, [], dir);
    const incomplete = r.status === 'running' || r.status === 'interrupted' || r.endMs === undefined;
    return {
      dir,
      id: r.id,
      start: r.startMs > 0 ? new Date(r.startMs).toISOString() : '',
      scenario: r.scenario,
      verdict: runVerdict(r, incomplete),
      nodes: r.cluster.nodes,
      durationMs: r.endMs === undefined ? undefined : r.endMs - r.startMs,
      reported,
    };
  }
  if (summary?.run) {
    return {
      dir,
      id: summary.run.id,
      start: summary.run.start,
      scenario: summary.run.scenario,
      verdict: summary.run.verdict,
      nodes: summary.cluster?.nodes ?? 0,
      durationMs: summary.run.durationMs,
      reported,
    };
  }
  if (existsSync(join(dir, 'run.json')) || existsSync(join(dir, 'summary.json'))) {
    return {
      dir,
      id: dir.split('/').pop() ?? dir,
      start: '',
      scenario: 'unknown',
      verdict: 'unreadable',
      nodes: 0,
      reported,
    };
  }
  return undefined;
}

function withComparison(l: RunListing): RunListing {
  const c = readJson<{ regressions?: unknown }>(join(l.dir, 'comparison.json'));
  return Array.isArray(c?.regressions) ? { ...l, regressions: c.regressions.map(String) } : l;
}

/** Runs directly under reportsDir, newest first. Directories that hold no run are skipped. */
export function listRuns(reportsDir: string): RunListing[] {
  if (!existsSync(reportsDir)) return [];
  const out: RunListing[] = [];
  for (const name of readdirSync(reportsDir)) {
    const dir = join(reportsDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const listing = listOne(dir);
    if (listing) out.push(existsSync(join(dir, 'comparison.json')) ? withComparison(listing) : listing);
  }
  return out.sort((a, b) => b.start.localeCompare(a.start) || a.id.localeCompare(b.id));
}
