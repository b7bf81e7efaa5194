// The "Manager profiles" section of both pages, built once so report.html and report.md say the
// same: per manager and kind, a sentence on what the profile covers, the dominant function past
// the runtime and serving frames, the command that opens the whole profile, and the top
// functions by flat and by cumulative value.
import { formatBytes } from '../util/duration.js';
import { formatValue } from './format.js';
import type { LoadedProfiles, ManagerProfile } from './load-profiles.js';
import { plural, type FactTable } from './page-facts.js';
import type { FunctionRow, ProfileTop } from './profile-top.js';

export interface ProfileFacts {
  id: string;
  title: string;
  /** Sentences; function names and commands are in `backticks` (code on both pages). */
  lines: string[];
  tables: FactTable[];
}

export interface ProfileSection {
  title: string;
  intro: string;
  /** What was wrong with the index. */
  problems: string[];
  profiles: ProfileFacts[];
}

const INTRO =
  "Go profiles of each manager's dockerd, read from `/debug/pprof` on its API socket (`--profile managers`). " +
  'flat: the samples whose innermost frame is the function; cum: the samples with the function anywhere on their stack, ' +
  'once per sample. CPU is in seconds of CPU time; heap is the memory in use at the last garbage collection.';

/** The section, or undefined when the run has no profiles (the pages then render as without). */
export function profileSection(loaded: LoadedProfiles | undefined): ProfileSection | undefined {
  if (!loaded || (loaded.profiles.length === 0 && loaded.problems.length === 0)) return undefined;
  const ids = new Map<string, number>();
  const profiles = loaded.profiles.map((p) => {
    const base = `profile-${p.node}-${p.kind}`.replace(/[^A-Za-z0-9_-]/g, '-');
    const seen = ids.get(base) ?? 0;
    ids.set(base, seen + 1);
    return profileFacts(p, seen === 0 ? base : `${base}-${seen + 1}`);
  });
  return { title: 'Manager profiles', intro: INTRO, problems: loaded.problems, profiles };
}

/** A profile value for people: CPU time in seconds, bytes as elsewhere in the reports. */
export function formatProfileValue(v: number, unit: string): string {
  switch (unit) {
    case 'nanoseconds':
      return formatValue(v / 1e9, 's');
    case 'bytes':
      return formatBytes(v);
    case 'count':
      return formatValue(v, 'count');
    default:
      return `${v} ${unit}`;
  }
}

const KIND_TEXT = { cpu: 'CPU', heap: 'heap' } as const;

function profileFacts(p: ManagerProfile, id: string): ProfileFacts {
  const seconds = p.seconds ?? (p.top?.durationMs === undefined ? undefined : Math.round(p.top.durationMs / 1000));
  const title = `${p.node}: ${KIND_TEXT[p.kind]}${p.kind === 'cpu' && seconds !== undefined ? `, ${seconds} s` : ''}`;
  if (!p.top) return { id, title, lines: [`No figures: ${p.error ?? 'the profile was not read'}.`], tables: [] };
  const top = p.top;
  const fmt = (v: number) => formatProfileValue(v, top.unit);
  const lines = [
    coverage(p, top),
    dominantLine(p, top),
    `Full profile: \`go tool pprof -top ${p.file}\` (from the run directory, where Go is installed).`,
  ];
  const table = (by: 'flat' | 'cum', rows: FunctionRow[]): FactTable => ({
    id: `${id}-${by}`,
    title: rows.length > 0 ? `Top ${rows.length} of ${plural(top.functions, 'function')} by ${by}` : `By ${by}`,
    head: ['function', 'flat', 'flat %', 'cum', 'cum %'],
    rows: rows.map((r) => [
      r.name,
      fmt(r.flat),
      formatValue(r.flatPercent, '%'),
      fmt(r.cum),
      formatValue(r.cumPercent, '%'),
    ]),
    numeric: [1, 2, 3, 4],
    code: [0],
    empty: 'The profile holds no samples.',
  });
  return { id, title, lines, tables: [table('flat', top.flat), table('cum', top.cum)] };
}

/** When it was taken and what it holds. */
function coverage(p: ManagerProfile, top: ProfileTop): string {
  const when = `Taken at ${p.startedAt ?? top.time ?? 'an unknown time'}${p.step ? ` during step ${p.step}` : ''}`;
  const fmt = (v: number) => formatProfileValue(v, top.unit);
  const stacks = plural(top.samples, 'distinct stack');
  if (p.kind === 'cpu') {
    const ms = top.durationMs ?? (p.seconds === undefined ? undefined : p.seconds * 1000);
    const over =
      ms === undefined
        ? ''
        : ` over ${formatValue(ms, 'ms')} (${formatValue((100 * top.total) / 1e6 / ms, '%')} of one core)`;
    const period =
      top.period?.unit === 'nanoseconds' ? `; sampled every ${formatValue(top.period.value / 1e6, 'ms')} of CPU` : '';
    return `${when}: ${fmt(top.total)} of CPU${over}, in ${stacks}${period}.`;
  }
  const period =
    top.period?.unit === 'bytes' ? `; sampled about once per ${formatBytes(top.period.value)} allocated` : '';
  return `${when}: ${fmt(top.total)} in use at the last garbage collection (${top.sampleType}), in ${stacks}${period}.`;
}

function dominantLine(p: ManagerProfile, top: ProfileTop): string {
  if (top.total === 0)
    return p.kind === 'cpu'
      ? 'The manager used no sampled CPU while it was profiled.'
      : 'The profile holds no memory in use.';
  const d = top.dominant;
  if (!d) return 'Every sampled stack is the Go runtime or serving glue (net/http, gRPC).';
  const share = `${formatProfileValue(d.cum, top.unit)}, ${formatValue(d.cumPercent, '%')} cumulative`;
  return p.kind === 'cpu'
    ? `Past the runtime and serving frames, most CPU went through \`${d.name}\` (${share}).`
    : `Past the runtime and serving frames, most memory in use was allocated under \`${d.name}\` (${share}).`;
}
