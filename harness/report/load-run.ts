// Reads a run directory (run.json + metrics.lp) into RunData, tolerating a run killed half-way:
// a run.json with no end time, a metrics.lp cut off mid-line, or no run.json at all.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { simulatorMissedHeartbeats } from '../metrics/measurements/hollow-sim.js';
import { decodeLine } from '../metrics/line-protocol.js';
import type { Point } from '../metrics/measurements.js';
import type { RunRecord } from '../run-record.js';
import type { RunData } from './run-data.js';
import { completeRecord, recordFromPoints } from './record-defaults.js';

export interface DecodedFile {
  points: Point[];
  /** A last line without its newline: the writer was stopped while writing it. */
  partialLastLine: boolean;
  /** Complete lines that did not parse. */
  badLines: number;
}

/** Decodes metrics.lp text; the last line is dropped when the file does not end with a newline,
 *  because a cut-off line can still parse (a shortened timestamp) and would be silently wrong. */
export function decodeMetricsFile(text: string): DecodedFile {
  const lines = text.split('\n');
  const partialLastLine = lines.length > 0 && lines[lines.length - 1] !== '';
  if (partialLastLine) lines.pop();
  const points: Point[] = [];
  let badLines = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const p = decodeLine(line);
    if (p) points.push(p);
    else badLines++;
  }
  return { points, partialLastLine, badLines };
}

function readRecord(dir: string, problems: string[]): Partial<RunRecord> | undefined {
  const file = join(dir, 'run.json');
  if (!existsSync(file)) {
    problems.push('run.json is missing: the run record was never written; facts below come from metrics.lp only.');
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<RunRecord>;
  } catch (err) {
    problems.push(`run.json could not be parsed (${(err as Error).message}); facts below come from metrics.lp only.`);
    return undefined;
  }
}

/** Reads run.json and metrics.lp from dir. Throws BadInputError when neither is there. */
export function loadRunDir(dir: string, opts: { points?: Point[]; source?: RunData['source'] } = {}): RunData {
  if (!existsSync(dir))
    throw new BadInputError(`run directory ${dir} does not exist`, {
      fix: 'pass a directory under reports/ (see `swarmbench runs ls`)',
    });
  const problems: string[] = [];
  const lpFile = join(dir, 'metrics.lp');
  if (!existsSync(join(dir, 'run.json')) && !existsSync(lpFile) && !opts.points) {
    throw new BadInputError(`${dir} holds neither run.json nor metrics.lp`, {
      fix: 'pass the directory of a run (see `swarmbench runs ls`)',
    });
  }
  const raw = readRecord(dir, problems);

  let points: Point[] = [];
  let source: RunData['source'] = 'none';
  if (opts.points) {
    points = opts.points;
    source = opts.source ?? 'influxdb';
  } else if (existsSync(lpFile)) {
    const decoded = decodeMetricsFile(readFileSync(lpFile, 'utf8'));
    points = decoded.points;
    source = 'metrics.lp';
    if (decoded.partialLastLine)
      problems.push('metrics.lp ends in the middle of a line (the writer was stopped); that line was ignored.');
    if (decoded.badLines > 0)
      problems.push(`${decoded.badLines} line(s) of metrics.lp did not parse and were ignored.`);
  } else {
    problems.push('metrics.lp is missing: no metrics were recorded, so there are no charts.');
  }
  points.sort((a, b) => a.timeMs - b.timeMs);
  const missed = simulatorMissedHeartbeats(points);
  if (missed > 0) {
    problems.push(
      `The hollow-worker simulator missed ${missed} heartbeat(s) during this run (see hollow_sim): nodes that went Down may have flapped through the harness's fault, not the swarm's.`,
    );
  }

  const record = raw ? completeRecord(raw, points, dir) : recordFromPoints(points, dir);
  let incomplete = false;
  if (record.status === 'running' || record.status === 'interrupted' || record.endMs === undefined) {
    incomplete = true;
    const last = points.length > 0 ? new Date(points[points.length - 1]!.timeMs).toISOString() : 'nothing';
    problems.unshift(
      `Incomplete run: status '${record.status}'${record.endMs === undefined ? ', no end time' : ''}. ` +
        `The run was stopped before it finished; this report shows what was collected (last point: ${last}).`,
    );
  }
  return { dir, record, points, source, problems, incomplete };
}
