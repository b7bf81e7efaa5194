// Reads a run's manager profiles (profiles/ under the run directory, see
// metrics/profiles-index.ts) and their top functions. A profile that is missing or does not
// decode costs the report only that profile: it is listed with the reason.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { PROFILES_DIR, PROFILES_INDEX, type ProfileIndexEntry, type ProfileKind } from '../metrics/profiles-index.js';
import { topFunctions, type ProfileTop } from './profile-top.js';

export interface ManagerProfile {
  node: string;
  kind: ProfileKind;
  /** Relative to the run directory. */
  file: string;
  seconds?: number;
  startedAt?: string;
  step?: string;
  top?: ProfileTop;
  /** Why there is no top: the file is missing or did not decode. */
  error?: string;
}

export interface LoadedProfiles {
  profiles: ManagerProfile[];
  /** Sentences about the index itself (not JSON, entries that were skipped). */
  problems: string[];
}

/** The sample type the report counts for each kind. */
export const REPORT_SAMPLE_TYPE: Record<ProfileKind, string> = { cpu: 'cpu', heap: 'inuse_space' };

const FILE_NAME = /^(.+)-(cpu|heap)\.pb\.gz$/;

export function loadProfiles(runDir: string, opts: { n?: number } = {}): LoadedProfiles {
  const dir = join(runDir, PROFILES_DIR);
  if (!existsSync(dir)) return { profiles: [], problems: [] };
  const problems: string[] = [];
  const entries = readIndex(runDir, problems);
  // Files the index does not name (a run killed before it wrote the index) are shown too.
  const named = new Set(entries.map((e) => resolve(runDir, e.file)));
  for (const name of readdirSync(dir).sort()) {
    const m = FILE_NAME.exec(name);
    const file = `${PROFILES_DIR}/${name}`;
    if (m && !named.has(resolve(runDir, file))) entries.push({ node: m[1]!, kind: m[2] as ProfileKind, file });
  }
  const profiles = entries.map((e) => load(runDir, e, opts.n));
  const kindRank = (k: ProfileKind) => (k === 'cpu' ? 0 : 1);
  profiles.sort(
    (a, b) =>
      a.node.localeCompare(b.node) ||
      kindRank(a.kind) - kindRank(b.kind) ||
      (a.startedAt ?? '').localeCompare(b.startedAt ?? ''),
  );
  return { profiles, problems };
}

type Entry = Omit<ProfileIndexEntry, 'startedAt'> & { startedAt?: string };

function readIndex(runDir: string, problems: string[]): Entry[] {
  const file = join(runDir, PROFILES_INDEX);
  if (!existsSync(file)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(
      `${PROFILES_INDEX} could not be parsed (${(err as Error).message}); profiles are listed by file name.`,
    );
    return [];
  }
  if (!Array.isArray(raw)) {
    problems.push(`${PROFILES_INDEX} is not a JSON array; profiles are listed by file name.`);
    return [];
  }
  const entries: Entry[] = [];
  raw.forEach((e: Partial<ProfileIndexEntry> | null, i) => {
    if (
      !e ||
      typeof e.node !== 'string' ||
      (e.kind !== 'cpu' && e.kind !== 'heap') ||
      typeof e.file !== 'string' ||
      !insideProfiles(runDir, e.file)
    ) {
      problems.push(
        `${PROFILES_INDEX} entry ${i} was skipped: it needs a node, a kind (cpu or heap) and a file under ${PROFILES_DIR}/.`,
      );
      return;
    }
    entries.push({
      node: e.node,
      kind: e.kind,
      file: relative(runDir, resolve(runDir, e.file)).split(sep).join('/'),
      ...(typeof e.seconds === 'number' ? { seconds: e.seconds } : {}),
      ...(typeof e.startedAt === 'string' ? { startedAt: e.startedAt } : {}),
      ...(typeof e.step === 'string' ? { step: e.step } : {}),
    });
  });
  return entries;
}

/** A file the index names must lie under profiles/: a report never reads elsewhere. */
function insideProfiles(runDir: string, file: string): boolean {
  return resolve(runDir, file).startsWith(resolve(runDir, PROFILES_DIR) + sep);
}

function load(runDir: string, e: Entry, n: number | undefined): ManagerProfile {
  const path = join(runDir, e.file);
  if (!existsSync(path)) return { ...e, error: `${e.file} is missing` };
  try {
    return { ...e, top: topFunctions(readFileSync(path), { sampleType: REPORT_SAMPLE_TYPE[e.kind], n }) };
  } catch (err) {
    return { ...e, error: `${e.file} could not be read as a Go ${e.kind} profile (${(err as Error).message})` };
  }
}
