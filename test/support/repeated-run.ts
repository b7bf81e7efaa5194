// A repeated run's directory as `run --repeat` leaves it, for tests that read one: each
// repetition's summary.json in rep-<i>, and repetitions.json (only the file readers use; the
// pages are repetitions-files.ts's, with charts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPETITIONS_FILE,
  repetitionsOf,
  type RepetitionRun,
  type RepetitionsFile,
} from '../../harness/report/repetitions.js';
import type { RunSummary } from '../../harness/report/summary-schema.js';

export function writeRepeatedRun(
  dir: string,
  summaries: readonly RunSummary[],
  meta: { scenario: string; id: string; cluster: string },
): { file: RepetitionsFile; reps: RepetitionRun[] } {
  const reps: RepetitionRun[] = summaries.map((s, i) => {
    const repDir = join(dir, `rep-${i + 1}`);
    mkdirSync(repDir, { recursive: true });
    writeFileSync(join(repDir, 'summary.json'), JSON.stringify(s));
    const startMs = Date.parse(s.run.start);
    return {
      index: i + 1,
      id: s.run.id,
      dir: repDir,
      exitCode: 0,
      reason: 'PASSED',
      startMs,
      endMs: startMs + 50_000,
      freshCluster: i === 0,
      summary: s,
    };
  });
  const file = repetitionsOf(reps, { ...meta, seed: 1, reused: true }, () => []);
  writeFileSync(join(dir, REPETITIONS_FILE), JSON.stringify(file));
  return { file, reps };
}
