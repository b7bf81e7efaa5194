// The knee's pages: what grew between the last size that held and the first that broke (from two
// small profile tops counted by hand), the profile tables side by side, the verdict and the
// probes, and knee.json/.md/.html written from a synthetic search whose two probes either side of
// the knee hold synthetic CPU profiles and the real heap fixture; the pages rewritten from
// knee.json (what `report DIR` does) are the ones first written.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Function as PprofFunction, Line, Location, Profile, Sample, StringTable, ValueType } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BadInputError } from '../../../harness/errors.js';
import { PROFILES_INDEX, profileFile, type ProfileIndexEntry } from '../../../harness/metrics/profiles-index.js';
import { probesTable, resolutionSentence, verdictSentence } from '../../../harness/report/knee-facts.js';
import { kneeIn, writeKnee, writeKneePages } from '../../../harness/report/knee-files.js';
import {
  kneeProfileSection,
  sharesGrown,
  whatGrewSentence,
  type KneeSide,
} from '../../../harness/report/knee-profile-facts.js';
import type { ManagerProfile } from '../../../harness/report/load-profiles.js';
import type { FunctionRow, ProfileTop } from '../../../harness/report/profile-top.js';
import type { Knee } from '../../../harness/search/knee.js';
import { validateSearch } from '../../../harness/search/plan.js';
import { searchBreakingPoint } from '../../../harness/search/search.js';
import { syntheticSwarm } from '../search/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-knee-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEARTBEAT = 'github.com/docker/swarmkit/manager/dispatcher.(*Dispatcher).Heartbeat';
const VIEW = 'github.com/docker/swarmkit/manager/state/store.(*MemoryStore).View';
const PROPOSE = 'github.com/docker/swarmkit/manager/state/raft.(*Node).ProposeValue';
const TICK = 'github.com/docker/swarmkit/manager/scheduler.(*Scheduler).tick';
const MALLOC = 'runtime.mallocgc';
const GOEXIT = 'runtime.goexit';

/** A CPU top whose values are its shares: [name, flat %, cum %] of 10 s (1e8 ns per percent). */
function cpuTop(rows: [string, number, number][], opts: { truncated?: boolean } = {}): ProfileTop {
  const all: FunctionRow[] = rows.map(([name, flat, cum]) => ({
    name,
    file: '',
    flat: flat * 1e8,
    flatPercent: flat,
    cum: cum * 1e8,
    cumPercent: cum,
  }));
  const by = (k: 'flat' | 'cum') => [...all].sort((a, b) => b[k] - a[k] || a.name.localeCompare(b.name));
  return {
    sampleType: 'cpu',
    unit: 'nanoseconds',
    sampleTypes: ['samples', 'cpu'],
    total: 100 * 1e8,
    samples: 100,
    functions: rows.length + (opts.truncated ? 50 : 0),
    durationMs: 30_000,
    flat: by('flat').filter((r) => r.flat > 0),
    cum: by('cum'),
  };
}

// The manager at the last good size, and at the first bad: more heartbeats and more garbage.
const good = cpuTop([
  [GOEXIT, 0, 100],
  [VIEW, 15, 30],
  [HEARTBEAT, 5, 20],
  [MALLOC, 10, 10],
  [TICK, 2, 5],
]);
const bad = cpuTop([
  [GOEXIT, 0, 100],
  [HEARTBEAT, 20, 45],
  [MALLOC, 25, 25],
  [VIEW, 10, 20],
  [PROPOSE, 3, 3],
]);

describe('what grew from the last good size to the first bad', () => {
  test('flat shares: the leaves that took a larger part of the CPU, new ones from 0', () => {
    expect(sharesGrown(good, bad, 'flat')).toEqual([
      { name: HEARTBEAT, from: 5, to: 20 },
      { name: MALLOC, from: 10, to: 25 },
      { name: PROPOSE, from: 0, to: 3 },
    ]);
  });

  test('cumulative shares past the runtime and serving frames; shrinking ones are left out', () => {
    expect(sharesGrown(good, bad, 'cum')).toEqual([
      { name: HEARTBEAT, from: 20, to: 45 },
      { name: PROPOSE, from: 0, to: 3 },
    ]);
    // A function the good side's truncated list lacks has no known share there: left out.
    const truncated = cpuTop(
      [
        [GOEXIT, 0, 100],
        [HEARTBEAT, 5, 20],
      ],
      { truncated: true },
    );
    expect(sharesGrown(truncated, bad, 'cum').map((g) => g.name)).toEqual([HEARTBEAT]);
  });

  test('in one sentence', () => {
    const flat = sharesGrown(good, bad, 'flat');
    const cum = sharesGrown(good, bad, 'cum');
    expect(whatGrewSentence({ size: 4000 }, { size: 5000 }, 'hollow', flat, cum)).toBe(
      `From 4,000 to 5,000 hollow, the CPU share grew most in \`${HEARTBEAT}\` (5 % → 20 % flat), \`${MALLOC}\` (10 % → 25 % flat), \`${PROPOSE}\` (0 % → 3 % flat); ` +
        `past the runtime and serving frames, under \`${HEARTBEAT}\` (20 % → 45 % cumulative), \`${PROPOSE}\` (0 % → 3 % cumulative).`,
    );
    expect(whatGrewSentence({ size: 1 }, { size: 2 }, 'replicas', [], [])).toBe(
      "From 1 to 2 replicas, no function's share of the CPU grew by 1 percentage point or more.",
    );
    expect(whatGrewSentence({ size: 1 }, { size: 2 }, 'replicas', [], cum.slice(0, 1))).toBe(
      `From 1 to 2 replicas, the CPU share grew most past the runtime and serving frames, under \`${HEARTBEAT}\` (20 % → 45 % cumulative).`,
    );
  });
});

const knee0: Knee = {
  param: 'hollow',
  lastGood: { size: 4000, figures: {}, verdict: 'valid' },
  firstBad: { size: 5000, figures: {}, verdict: 'host-bound' },
  broke: [],
  verdict: 'host-bound',
  reason: 'slo-broke',
  resolution: 1000,
  probes: [],
};

const profile = (top: ProfileTop | undefined, over: Partial<ManagerProfile> = {}): ManagerProfile => ({
  node: 'manager-1',
  kind: 'cpu',
  file: 'profiles/manager-1-cpu.pb.gz',
  seconds: 30,
  step: 'create i=1',
  ...(top ? { top } : { error: 'profiles/manager-1-cpu.pb.gz is missing' }),
  ...over,
});
const side = (role: KneeSide['role'], size: number, profiles: ManagerProfile[]): KneeSide => ({
  role,
  size,
  dir: `probe-${size}`,
  loaded: { profiles, problems: [] },
});

describe('the profile section either side of the knee', () => {
  test('per manager and kind: what each covered, what grew, the commands, the tables side by side', () => {
    const s = kneeProfileSection(knee0, [
      side('first bad', 5000, [profile(bad)]),
      side('last good', 4000, [profile(good)]),
    ])!;
    expect(s.notes).toEqual([]);
    expect(s.groups).toHaveLength(1);
    const g = s.groups[0]!;
    expect(g).toMatchObject({ id: 'knee-profile-manager-1-cpu', title: 'manager-1: CPU' });
    expect(g.lines[0]).toBe('At 5,000 (first bad): 10 s of CPU in 30 s (33.3 % of one core), from step create i=1.');
    expect(g.lines[1]).toBe('At 4,000 (last good): 10 s of CPU in 30 s (33.3 % of one core), from step create i=1.');
    expect(g.lines[2]).toMatch(/^From 4,000 to 5,000 hollow, the CPU share grew most in `/);
    expect(g.lines[3]).toBe(
      'Full profiles: `go tool pprof -top probe-5000/profiles/manager-1-cpu.pb.gz`; the difference: ' +
        '`go tool pprof -top -diff_base probe-4000/profiles/manager-1-cpu.pb.gz probe-5000/profiles/manager-1-cpu.pb.gz` ' +
        "(from the search's directory, where Go is installed).",
    );
    const [flat, cum] = g.tables;
    expect(flat!.head).toEqual(['function', 'first bad 5,000', 'flat %', 'last good 4,000', 'flat %', 'flat % change']);
    expect(flat!.rows).toEqual([
      [MALLOC, '2.5 s', '25 %', '1 s', '10 %', '+15 pp'],
      [HEARTBEAT, '2 s', '20 %', '0.5 s', '5 %', '+15 pp'],
      [VIEW, '1 s', '10 %', '1.5 s', '15 %', '−5 pp'],
      [PROPOSE, '0.3 s', '3 %', '0 s', '0 %', '+3 pp'],
    ]);
    expect(cum!.title).toBe('Top 5 by cumulative CPU, beside the last good size');
    expect(cum!.rows[1]).toEqual([HEARTBEAT, '4.5 s', '45 %', '2 s', '20 %', '+25 pp']);
  });

  test('a side without profiles is said, and the other side shows alone', () => {
    const s = kneeProfileSection(knee0, [side('first bad', 5000, [profile(bad)]), side('last good', 4000, [])])!;
    expect(s.notes).toEqual([
      'The probe at 4,000 (last good) has no manager profiles (probe-4000/profiles/ is missing or empty: a search from before every probe took them, or the capture failed; its run.log says which).',
    ]);
    const g = s.groups[0]!;
    expect(g.lines).toEqual([
      'At 5,000 (first bad): 10 s of CPU in 30 s (33.3 % of one core), from step create i=1.',
      'At 4,000 (last good): no profile of this kind for this manager.',
      "Full profile: `go tool pprof -top probe-5000/profiles/manager-1-cpu.pb.gz` (from the search's directory).",
    ]);
    expect(g.tables[0]!.head).toEqual(['function', 'first bad 5,000', 'flat %']);
    // A profile that did not decode: its reason, no table from it.
    const broken = kneeProfileSection(knee0, [side('first bad', 5000, [profile(undefined)])])!;
    expect(broken.groups[0]!.lines[0]).toBe(
      'At 5,000 (first bad): no figures (profiles/manager-1-cpu.pb.gz is missing).',
    );
    expect(broken.groups[0]!.tables).toEqual([]);
    // A search that never broke shows the last size that held, and says so.
    const held = kneeProfileSection({ ...knee0, firstBad: undefined, reason: 'max-reached' }, [
      side('last good', 4000, [profile(good)]),
    ])!;
    expect(held.notes).toEqual(['No size broke an SLO: the profiles are those of the last size that held.']);
  });
});

describe('the knee in words and the probes', () => {
  test('the verdict at the knee, what it means, and the verdict at the last good size when it differs', () => {
    const v = verdictSentence(knee0);
    expect(v.head).toBe('Validity at 5,000, the first size that broke: host-bound.');
    expect(v.meaning).toMatch(
      /^That means this machine was saturated .* would move it\. At 4,000, the last size that held, it was valid\.$/,
    );
    expect(
      verdictSentence({ ...knee0, verdict: 'valid', firstBad: { ...knee0.firstBad!, verdict: 'valid' } }).meaning,
    ).toMatch(
      /^That means the host, the harness and the hollow-worker simulator had room to spare, so the knee is the swarm’s own/,
    );
    expect(verdictSentence({ ...knee0, verdict: undefined }).meaning).toMatch(/no host or harness samples/);
    expect(resolutionSentence(knee0)).toBe(
      'The knee lies between 4,000 (held) and 5,000 (broke): known to within 1,000 hollow.',
    );
  });
});

/** A CPU profile of the manager in 30 s: Heartbeat (under the gRPC handler) and View, in ns. */
function cpuProfile(heartbeatNs: number, viewNs: number): Buffer {
  const strings = new StringTable();
  const s = (t: string) => strings.dedup(t);
  const names = [GOEXIT, 'google.golang.org/grpc.(*Server).handleStream', HEARTBEAT, VIEW];
  const fn = names.map((name, i) => new PprofFunction({ id: i + 1, name: s(name), filename: s('x.go') }));
  const location = fn.map((f) => new Location({ id: f.id, line: [new Line({ functionId: f.id, line: 1 })] }));
  const sample = (ids: number[], ns: number) => new Sample({ locationId: ids, value: [1, ns] });
  const p = new Profile({
    sampleType: [
      new ValueType({ type: s('samples'), unit: s('count') }),
      new ValueType({ type: s('cpu'), unit: s('nanoseconds') }),
    ],
    sample: [sample([3, 2, 1], heartbeatNs), sample([4, 1], viewNs)],
    location,
    function: fn,
    stringTable: strings,
    durationNanos: 30_000_000_000,
    periodType: new ValueType({ type: s('cpu'), unit: s('nanoseconds') }),
    period: 10_000_000,
  });
  return gzipSync(p.encode());
}

/** A probe directory as run-search leaves it: profiles/ with the index (no report: not read). */
function probeWithProfiles(dir: string, size: number, cpu: Buffer): void {
  const probe = join(dir, `probe-${size}`);
  mkdirSync(join(probe, 'profiles'), { recursive: true });
  writeFileSync(join(probe, profileFile('manager-1', 'cpu')), cpu);
  copyFileSync('test/fixtures/manager/heap.pb.gz', join(probe, profileFile('manager-1', 'heap')));
  const index: ProfileIndexEntry[] = [
    {
      node: 'manager-1',
      kind: 'cpu',
      file: profileFile('manager-1', 'cpu'),
      seconds: 30,
      startedAt: '2026-12-03T02:00:00.000Z',
      step: 'create i=1',
    },
    { node: 'manager-1', kind: 'heap', file: profileFile('manager-1', 'heap'), startedAt: '2026-12-03T02:01:00.000Z' },
  ];
  writeFileSync(join(probe, PROFILES_INDEX), JSON.stringify(index));
}

/** 1×1 PNG: the chart renderer's stand-in (charts/render.ts needs the canvas module). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('knee.json, knee.md and knee.html of a search', () => {
  const dir = join(root, 'search');
  let knee: Knee;
  let files: string[];
  let html = '';
  let md = '';
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    const spec = validateSearch(
      { param: 'hollow', from: 1000, step: 1000, max: 20_000, refine: 1 },
      { hollow: { default: 1 } },
    ).spec!;
    knee = await searchBreakingPoint(spec, syntheticSwarm().probe);
    probeWithProfiles(dir, knee.lastGood!.size, cpuProfile(1e9, 3e9));
    probeWithProfiles(dir, knee.firstBad!.size, cpuProfile(6e9, 2e9));
    files = await writeKnee(dir, knee, async () => PNG);
    html = readFileSync(join(dir, 'knee.html'), 'utf8');
    md = readFileSync(join(dir, 'knee.md'), 'utf8');
  });

  test('writes the four files, the chart once, and reads knee.json back as it was', () => {
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['knee.json', 'knee.png', 'knee.md', 'knee.html']);
    expect(readFileSync(join(dir, 'knee.png'))).toEqual(PNG);
    expect(kneeIn(dir)).toEqual(knee);
    expect(kneeIn(root)).toBeUndefined();
    writeFileSync(join(root, 'knee.json'), '{"schema": "swarmbench/repetitions"}');
    expect(() => kneeIn(root)).toThrow(BadInputError);
  });

  test('knee.html: self-contained, the knee and the verdict, the chart inline, a link to every probe', () => {
    expect(html).toContain(
      `<p class="knee" id="knee">The swarm held ${knee.lastGood!.size.toLocaleString('en-US')} hollow and broke at`,
    );
    expect(html).toMatch(
      /<div id="verdict" class="verdict-valid"><p><strong>Validity at [\d,]+, the first size that broke: valid\.<\/strong> That means /,
    );
    expect(html).toContain(
      `<img alt="the SLO figures against hollow, the knee marked" src="data:image/png;base64,${PNG.toString('base64')}">`,
    );
    for (const p of knee.probes)
      expect(html).toContain(`<a class="report" href="probe-${p.size}/report.html">probe-${p.size}/report.html</a>`);
    // Nothing outside the page but the probes' reports.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
    expect(refs).toEqual(knee.probes.map((p) => `probe-${p.size}/report.html`));
  });

  test('knee.html and knee.md: the managers either side, what grew, tables by flat and cumulative', () => {
    const [goodSize, badSize] = [knee.lastGood!.size, knee.firstBad!.size].map((s) => s.toLocaleString('en-US'));
    expect(html).toContain('<section id="knee-profile-manager-1-cpu"><h3>manager-1: CPU</h3>');
    expect(html).toContain('<section id="knee-profile-manager-1-heap"><h3>manager-1: heap</h3>');
    // Heartbeat went from 1 s of 4 to 6 s of 8: 25 % → 75 %, flat and cumulative.
    expect(html).toContain(
      `From ${goodSize} to ${badSize} hollow, the CPU share grew most in <code>${HEARTBEAT}</code> (25 % → 75 % flat); past the runtime and serving frames, under <code>${HEARTBEAT}</code> (25 % → 75 % cumulative).`,
    );
    expect(html).toMatch(
      /<table id="knee-profile-manager-1-cpu-flat"><thead><tr><th>function<\/th><th>first bad [\d,]+<\/th>/,
    );
    expect(html).toContain(
      `<tr><td class="code">${HEARTBEAT}</td><td class="num">6 s</td><td class="num">75 %</td><td class="num">1 s</td><td class="num">25 %</td><td class="num">+50 pp</td></tr>`,
    );
    expect(md).toContain('## Manager profiles either side of the knee');
    expect(md).toContain(`| \`${HEARTBEAT}\` | 6 s | 75 % | 1 s | 25 % | +50 pp |`);
    expect(md).toMatch(
      /^\| [\d,]+ \| grow \| broke \| valid \| scale\.tasks_per_second > 1 \| yes \| \[probe-\d+\/report\.html\]\(probe-\d+\/report\.html\) \|$/m,
    );
    expect(md).toContain('![the SLO figures against size, the knee marked](knee.png)');
  });

  test('the probes table says which probes have profiles (from their directories when knee.json does not)', () => {
    const rows = probesTable(knee).rows;
    expect(rows.every((r) => r[5] === '–')).toBe(true);
    const withProfiles = md.split('\n').filter((l) => / \| yes \| \[probe-/.test(l));
    expect(withProfiles).toHaveLength(2);
  });

  test('the pages rewritten from knee.json (what `report DIR` does) are the ones first written', async () => {
    rmSync(join(dir, 'knee.html'));
    rmSync(join(dir, 'knee.md'));
    await writeKneePages(dir, kneeIn(dir)!, async () => PNG);
    expect(readFileSync(join(dir, 'knee.html'), 'utf8')).toBe(html);
    expect(readFileSync(join(dir, 'knee.md'), 'utf8')).toBe(md);
  });

  test('a chart that cannot be rendered costs the page only the chart', async () => {
    const other = join(root, 'no-canvas');
    mkdirSync(other, { recursive: true });
    await writeKnee(other, knee, async () => {
      throw new Error('canvas.node: cannot open shared object file');
    });
    expect(readFileSync(join(other, 'knee.html'), 'utf8')).toContain(
      '<p class="missing" id="knee-chart">No chart: it could not be rendered (canvas.node: cannot open shared object file).</p>',
    );
    expect(readFileSync(join(other, 'knee.md'), 'utf8')).toContain('No chart: it could not be rendered');
  });
});
