// Finds the summary of a run from what a user passes to `compare` or `--baseline`: a run
// directory (its summary.json, or one built from run.json + metrics.lp) or a summary.json file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BadInputError } from '../errors.js';
import { analyze } from '../metrics/analysis.js';
import { loadRunDir } from './load-run.js';
import { buildSummary } from './summary.js';
import { SUMMARY_SCHEMA, SUMMARY_SCHEMA_VERSION, type RunSummary } from './summary-schema.js';

function parseSummary(file: string): RunSummary {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new BadInputError(`${file} is not valid JSON (${(err as Error).message})`, {
      fix: 'rebuild it with `swarmbench report <run-dir>`',
    });
  }
  const v = value as Partial<RunSummary> | null;
  if (!v || v.schema !== SUMMARY_SCHEMA) {
    throw new BadInputError(`${file} is not a swarmbench summary (no "schema": "${SUMMARY_SCHEMA}")`, {
      fix: 'pass a run directory or its summary.json',
    });
  }
  if (v.schemaVersion !== SUMMARY_SCHEMA_VERSION) {
    throw new BadInputError(
      `${file} has summary schemaVersion ${String(v.schemaVersion)}; this swarmbench reads ${SUMMARY_SCHEMA_VERSION}`,
      {
        fix: 'rebuild it with `swarmbench report <run-dir>` from this version',
      },
    );
  }
  return v as RunSummary;
}

/** The summary of a run directory, summary.json or run.json path. */
export function loadSummary(path: string): RunSummary {
  if (!existsSync(path))
    throw new BadInputError(`${path} does not exist`, {
      fix: 'pass a run directory or a summary.json file (see `swarmbench runs ls`)',
    });
  if (statSync(path).isDirectory()) {
    const file = join(path, 'summary.json');
    if (existsSync(file)) return parseSummary(file);
    const data = loadRunDir(path);
    return buildSummary(data, analyze(data.record, data.points));
  }
  if (path.endsWith('run.json')) return loadSummary(dirname(path));
  return parseSummary(path);
}
