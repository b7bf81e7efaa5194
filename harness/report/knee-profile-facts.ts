// The managers' Go profiles either side of a knee, for knee.md and knee.html: per manager and kind
// (CPU, heap), the top functions at the first size that broke beside the same functions at the
// last size that held, and in one sentence what grew: the functions whose share of the CPU grew
// most between the two. Every probe of a search takes profiles (run-search.ts), so both sides
// normally have them; a side without says why. Pure: the profiles are loaded by knee-files.ts.
import type { ProfileKind } from '../metrics/profiles-index.js';
import type { Knee } from '../search/knee.js';
import { formatValue } from './format.js';
import type { LoadedProfiles, ManagerProfile } from './load-profiles.js';
import type { FactTable } from './page-facts.js';
import { formatProfileValue } from './profile-facts.js';
import { isGlueFrame, type FunctionRow, type ProfileTop } from './profile-top.js';

/** One probe beside the knee and the profiles its run directory holds. */
export interface KneeSide {
  role: 'first bad' | 'last good';
  size: number;
  /** The probe's run directory relative to the search's (probe-<size>): profile paths start there. */
  dir: string;
  loaded: LoadedProfiles;
}

export interface KneeProfileGroup {
  id: string;
  title: string;
  /** Sentences; function names and commands in `backticks` (code on both pages). */
  lines: string[];
  tables: FactTable[];
}

export interface KneeProfileSection {
  title: string;
  intro: string;
  /** Sides without profiles, index problems. */
  notes: string[];
  groups: KneeProfileGroup[];
}

/** Rows per table: enough to see the swarm's own functions below the runtime's. */
export const KNEE_TOP_ROWS = 10;
/** A share must grow by at least this many percentage points to count as grown. */
export const GREW_MIN_POINTS = 1;

const n = (x: number) => x.toLocaleString('en-US');
const pct = (x: number) => formatValue(x, '%');
const KIND_TEXT: Record<ProfileKind, string> = { cpu: 'CPU', heap: 'heap' };
/** A change of share in percentage points: "+12.3 pp". */
const points = (x: number) => `${x >= 0 ? '+' : '−'}${formatValue(Math.abs(x), '%').replace(' %', ' pp')}`;

/** A function whose share of a profile grew from one side to the other, in percent of each total. */
export interface Growth {
  name: string;
  from: number;
  to: number;
}

/** Whether the lists hold every function (loaded with no row limit): a name absent is then 0. */
const complete = (t: ProfileTop) => t.cum.length >= t.functions;
const shareOf = (r: FunctionRow, by: 'flat' | 'cum') => (by === 'flat' ? r.flatPercent : r.cumPercent);

/**
 * The functions whose share (flat, or cumulative past the runtime and serving frames) grew most
 * from `good` to `bad`, by percentage points, at least GREW_MIN_POINTS; the largest first. A
 * function absent from a truncated `good` list is left out: its share there is not known.
 */
export function sharesGrown(good: ProfileTop, bad: ProfileTop, by: 'flat' | 'cum', count = 3): Growth[] {
  const before = new Map(good[by].map((r) => [r.name, shareOf(r, by)]));
  const out: Growth[] = [];
  for (const r of bad[by]) {
    if (by === 'cum' && isGlueFrame(r.name)) continue;
    const from = before.get(r.name) ?? (complete(good) ? 0 : undefined);
    if (from === undefined) continue;
    const to = shareOf(r, by);
    if (to - from >= GREW_MIN_POINTS) out.push({ name: r.name, from, to });
  }
  out.sort((a, b) => b.to - b.from - (a.to - a.from) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out.slice(0, count);
}

const grownText = (g: Growth, by: string) => `\`${g.name}\` (${pct(g.from)} → ${pct(g.to)} ${by})`;

/** "From 4,000 to 5,000 hollow, the CPU share grew most in `a` (…), …; past the runtime …" */
export function whatGrewSentence(
  from: { size: number },
  to: { size: number },
  noun: string,
  flat: readonly Growth[],
  cum: readonly Growth[],
): string {
  const span = `From ${n(from.size)} to ${n(to.size)} ${noun}`;
  if (flat.length === 0 && cum.length === 0)
    return `${span}, no function's share of the CPU grew by ${GREW_MIN_POINTS} percentage point or more.`;
  const inFlat =
    flat.length > 0 ? `the CPU share grew most in ${flat.map((g) => grownText(g, 'flat')).join(', ')}` : '';
  const under =
    cum.length > 0
      ? `${flat.length > 0 ? 'past' : 'the CPU share grew most past'} the runtime and serving frames, under ${cum.map((g) => grownText(g, 'cumulative')).join(', ')}`
      : '';
  return `${span}, ${[inFlat, under].filter(Boolean).join('; ')}.`;
}

/** The first profile of each node and kind on one side (load-profiles sorts them by node, kind, time). */
function byKey(side: KneeSide | undefined): Map<string, ManagerProfile> {
  const out = new Map<string, ManagerProfile>();
  for (const p of side?.loaded.profiles ?? []) {
    const key = `${p.node}\u0000${p.kind}`;
    if (!out.has(key)) out.set(key, p);
  }
  return out;
}

const sideName = (s: KneeSide) => `${s.role} ${n(s.size)}`;

/** What one side's profile covered, or why there is none. */
function coverage(side: KneeSide, p: ManagerProfile | undefined): string {
  const at = `At ${n(side.size)} (${side.role})`;
  if (!p) return `${at}: no profile of this kind for this manager.`;
  if (!p.top) return `${at}: no figures (${p.error ?? 'the profile was not read'}).`;
  const top = p.top;
  const total = formatProfileValue(top.total, top.unit);
  if (p.kind === 'heap') return `${at}: ${total} in use at the last garbage collection.`;
  const ms = top.durationMs ?? (p.seconds === undefined ? undefined : p.seconds * 1000);
  const over =
    ms === undefined ? '' : ` in ${formatValue(ms, 'ms')} (${pct((100 * top.total) / 1e6 / ms)} of one core)`;
  return `${at}: ${total} of CPU${over}${p.step ? `, from step ${p.step}` : ''}.`;
}

const MEASURE: Record<ProfileKind, string> = { cpu: 'CPU', heap: 'memory in use' };

function table(
  id: string,
  kind: ProfileKind,
  by: 'flat' | 'cum',
  main: { side: KneeSide; top: ProfileTop },
  other: { side: KneeSide; top: ProfileTop } | undefined,
): FactTable {
  const fmt = (v: number) => formatProfileValue(v, main.top.unit);
  const rows = main.top[by].slice(0, KNEE_TOP_ROWS);
  const look = new Map((other?.top[by] ?? []).map((r) => [r.name, r]));
  const otherCells = (r: FunctionRow): string[] => {
    if (!other) return [];
    const o = look.get(r.name);
    if (!o && !complete(other.top)) return ['–', '–', '–'];
    const v = o ? (by === 'flat' ? o.flat : o.cum) : 0;
    const share = o ? shareOf(o, by) : 0;
    return [fmt(v), pct(share), points(shareOf(r, by) - share)];
  };
  const head = [
    'function',
    sideName(main.side),
    `${by} %`,
    ...(other ? [sideName(other.side), `${by} %`, `${by} % change`] : []),
  ];
  return {
    id: `${id}-${by}`,
    title: `Top ${rows.length} by ${by === 'flat' ? 'flat' : 'cumulative'} ${MEASURE[kind]}${other ? `, beside the ${other.side.role} size` : ''}`,
    head,
    rows: rows.map((r) => [r.name, fmt(by === 'flat' ? r.flat : r.cum), pct(shareOf(r, by)), ...otherCells(r)]),
    numeric: other ? [1, 2, 3, 4, 5] : [1, 2],
    code: [0],
    empty: 'The profile holds no samples.',
  };
}

function group(
  k: Knee,
  node: string,
  kind: ProfileKind,
  bad: { side: KneeSide; p?: ManagerProfile } | undefined,
  good: { side: KneeSide; p?: ManagerProfile } | undefined,
): KneeProfileGroup {
  const id = `knee-profile-${node}-${kind}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const sides = [bad, good].filter((s) => s !== undefined);
  const lines = sides.map((s) => coverage(s.side, s.p));
  const b = bad?.p?.top ? { side: bad.side, top: bad.p.top } : undefined;
  const g = good?.p?.top ? { side: good.side, top: good.p.top } : undefined;
  if (b && g && kind === 'cpu')
    lines.push(
      whatGrewSentence(g.side, b.side, k.param, sharesGrown(g.top, b.top, 'flat'), sharesGrown(g.top, b.top, 'cum')),
    );
  if (b && g && kind === 'heap' && g.top.total > 0)
    lines.push(
      `Memory in use went from ${formatProfileValue(g.top.total, g.top.unit)} to ${formatProfileValue(b.top.total, b.top.unit)} (${b.top.total >= g.top.total ? '+' : '−'}${pct((100 * Math.abs(b.top.total - g.top.total)) / g.top.total)}).`,
    );
  const file = (s: { side: KneeSide; p?: ManagerProfile } | undefined) => s?.p && `${s.side.dir}/${s.p.file}`;
  const [fb, fg] = [file(bad), file(good)];
  if (fb && fg)
    lines.push(
      `Full profiles: \`go tool pprof -top ${fb}\`; the difference: \`go tool pprof -top -diff_base ${fg} ${fb}\` (from the search's directory, where Go is installed).`,
    );
  else if (fb ?? fg) lines.push(`Full profile: \`go tool pprof -top ${fb ?? fg}\` (from the search's directory).`);
  const main = b ?? g;
  const other = b && g ? g : undefined;
  const tables = main ? [table(id, kind, 'flat', main, other), table(id, kind, 'cum', main, other)] : [];
  return { id, title: `${node}: ${KIND_TEXT[kind]}`, lines, tables };
}

const INTRO =
  "Go profiles of each manager's dockerd, taken in every probe (CPU from the step the search's `profile.step` names, heap after the last step), " +
  'at the first size that broke beside the last that held. flat: the samples whose innermost frame is the function; cum: the samples with the function ' +
  'anywhere on their stack. A share is of that profile’s total, so the two sizes compare even when the manager worked harder at one.';

/** The section, or undefined when the search has neither a last good nor a first bad size. */
export function kneeProfileSection(k: Knee, sides: readonly KneeSide[]): KneeProfileSection | undefined {
  if (!k.firstBad && !k.lastGood) return undefined;
  const bad = sides.find((s) => s.role === 'first bad');
  const good = sides.find((s) => s.role === 'last good');
  const [badMap, goodMap] = [byKey(bad), byKey(good)];
  const notes: string[] = [];
  if (!k.firstBad) notes.push('No size broke an SLO: the profiles are those of the last size that held.');
  if (!k.lastGood) notes.push('No size held: the profiles are those of the first size, which broke.');
  for (const s of [bad, good]) {
    if (!s) continue;
    for (const p of s.loaded.problems) notes.push(`${s.dir}: ${p}`);
    if (s.loaded.profiles.length === 0)
      notes.push(
        `The probe at ${n(s.size)} (${s.role}) has no manager profiles (${s.dir}/profiles/ is missing or empty: a search from before every probe took them, or the capture failed; its run.log says which).`,
      );
  }
  const keys = [...new Set([...badMap.keys(), ...goodMap.keys()])].sort((a, b) => {
    const [na, ka] = a.split('\u0000');
    const [nb, kb] = b.split('\u0000');
    return na!.localeCompare(nb!) || (ka === 'cpu' ? 0 : 1) - (kb === 'cpu' ? 0 : 1);
  });
  const groups = keys.map((key) => {
    const [node, kind] = key.split('\u0000') as [string, ProfileKind];
    return group(k, node, kind, bad && { side: bad, p: badMap.get(key) }, good && { side: good, p: goodMap.get(key) });
  });
  return { title: 'Manager profiles either side of the knee', intro: INTRO, notes, groups };
}
