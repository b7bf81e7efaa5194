// What `up` ended with, said plainly in its last line: how many real nodes are Ready against
// how many were wanted and had to be (--min-ready), how many failed and why (grouped), how
// many boots were repeated, what pace the host took, and — when short — what to do next.
import type { ClusterBootRecord } from '../run-record.js';
import type { UpReport } from './up.js';

export interface UpVerdict {
  /** At least --min-ready real nodes are Ready. */
  ok: boolean;
  /** Real nodes (dind, managers included) Ready. */
  ready: number;
  line: string;
  /** What to do when nodes are missing; undefined when none are. */
  fix?: string;
}

/** Real nodes (dind, managers included) Ready: `ready` counts hollow workers too. */
export function realReady(r: UpReport): number {
  return r.ready - (r.hollow?.ready ?? 0);
}

/** Failure reasons without node-specific detail, counted: "2 × its engine exited while booting". */
export function groupReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) {
    const key = r
      .replace(/\s*\(booted \d+ times?\)$/, '')
      .replace(/;\s*last:.*$/s, '')
      .trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${n} × ${r}`)
    .join('; ');
}

/** The pace in a phrase: "boots paced 2→9→6 at a time, joins 2→8". */
export function paceSummary(pace: UpReport['pace']): string | undefined {
  if (!pace) return undefined;
  const one = (r: { mode: string; initial: number; peak: number; final: number }) =>
    r.mode === 'fixed'
      ? `${r.final} (fixed)`
      : r.peak === r.final
        ? `${r.initial}→${r.peak}`
        : `${r.initial}→${r.peak}→${r.final}`;
  const boots = pace.boots.map(one).join(', ');
  return `pace: boots ${boots || '-'} at a time, joins ${one(pace.joins)}`;
}

export function upVerdict(r: UpReport, wanted: number): UpVerdict {
  const ready = realReady(r);
  const ok = ready >= r.minReady;
  const parts = [`${ready}/${wanted} nodes Ready (${r.managers} manager${r.managers === 1 ? '' : 's'})`];
  if (r.failed.length > 0) parts.push(`${r.failed.length} failed (${groupReasons(r.failed.map((f) => f.reason))})`);
  if (r.notStarted > 0) parts.push(`${r.notStarted} not started`);
  if (r.restarted > 0) parts.push(`${r.restarted} boot${r.restarted === 1 ? '' : 's'} repeated`);
  const pace = paceSummary(r.pace);
  if (pace) parts.push(pace);
  const line = `cluster ${r.cluster}: ${parts.join(', ')}`;
  const missing = wanted - ready;
  if (missing <= 0) return { ok, ready, line };
  const fix = [
    `\`swarmbench nodes add ${missing} --cluster ${r.cluster}\` tries the missing nodes again`,
    r.stoppedEarly
      ? `this host met its limit (${r.stoppedEarly}): ask for fewer nodes (\`swarmbench doctor\` estimates how many this host holds) or add hosts (--hosts)`
      : 'a smaller --nodes or more hosts (--hosts) if they fail again',
  ].join('; ');
  return {
    ok,
    ready,
    line: ok
      ? `${line}; ${ready} of at least ${r.minReady} needed (--min-ready)`
      : `${line}; fewer than the ${r.minReady} needed`,
    fix,
  };
}

/** The run record's account of a boot. */
export function bootRecord(r: UpReport, wanted: number): ClusterBootRecord {
  const pacers = r.pace ? [...r.pace.boots, r.pace.joins] : [];
  return {
    seconds: Math.round(r.elapsedMs / 100) / 10,
    wanted,
    ready: realReady(r),
    failed: r.failed.length,
    restarted: r.restarted,
    notStarted: r.notStarted,
    stoppedEarly: r.stoppedEarly,
    pace: paceSummary(r.pace) ?? 'nothing booted',
    paceChanges: pacers.flatMap((p) => p.changes.map((c) => ({ pacer: p.name, ...c }))).sort((a, b) => a.atMs - b.atMs),
  };
}
