// The "Manager profiles" section of report.md and report.html, from a run directory holding the
// real dockerd profiles (test/fixtures/manager/) in the layout the capture writes
// (metrics/profiles-index.ts); a run without profiles renders without the section.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Profile, StringTable, ValueType } from 'pprof-format';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROFILES_INDEX, profileFile, type ProfileIndexEntry } from '../../../harness/metrics/profiles-index.js';
import { buildReports } from '../../../harness/report/build.js';
import { buildHtml } from '../../../harness/report/html.js';
import { loadProfiles } from '../../../harness/report/load-profiles.js';
import { buildMarkdown } from '../../../harness/report/markdown.js';
import { profileSection } from '../../../harness/report/profile-facts.js';
import { isGlueFrame, topFunctions } from '../../../harness/report/profile-top.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';
import { summaryFixture } from './summary-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'swarmbench-profiles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const now = new Date('2026-12-03T00:00:00Z');

/** A run directory with the fixture profiles of manager-1 (CPU and heap) under profiles/. */
function runWithProfiles(name: string, index: ProfileIndexEntry[] | string | undefined): string {
  const dir = join(root, name);
  writeFixtureRun(dir, { kind: 'scale' });
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  copyFileSync('test/fixtures/manager/cpu.pb.gz', join(dir, profileFile('manager-1', 'cpu')));
  copyFileSync('test/fixtures/manager/heap.pb.gz', join(dir, profileFile('manager-1', 'heap')));
  if (index !== undefined)
    writeFileSync(join(dir, PROFILES_INDEX), typeof index === 'string' ? index : JSON.stringify(index));
  return dir;
}

const INDEX: ProfileIndexEntry[] = [
  { node: 'manager-1', kind: 'heap', file: profileFile('manager-1', 'heap'), startedAt: '2026-11-21T02:01:05.000Z' },
  {
    node: 'manager-1',
    kind: 'cpu',
    file: profileFile('manager-1', 'cpu'),
    seconds: 5,
    startedAt: '2026-11-21T02:01:00.000Z',
    step: 'ramp',
  },
  // Listed but never written (the GET failed): said so, not fatal.
  {
    node: 'manager-2',
    kind: 'cpu',
    file: profileFile('manager-2', 'cpu'),
    seconds: 5,
    startedAt: '2026-11-21T02:01:00.000Z',
  },
];

/** The rows of every Markdown table under a heading that starts with `heading`. */
function mdTableRows(md: string, heading: string): string[][] {
  const at = md.indexOf(heading);
  expect(at).toBeGreaterThan(-1);
  const lines = md.slice(at).split('\n').slice(1);
  const start = lines.findIndex((l) => l.startsWith('| '));
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('| ')) break;
    rows.push(l.slice(2, -2).split(' | '));
  }
  return rows;
}

describe('the Manager profiles section', () => {
  let md = '';
  let html = '';
  beforeAll(async () => {
    const dir = runWithProfiles('with', INDEX);
    await buildReports(dir, { now });
    md = readFileSync(join(dir, 'report.md'), 'utf8');
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 120_000);

  test('report.md: per node and kind, CPU first, after the measurements and before the footer', () => {
    const order = [
      '### Recorded points',
      '## Manager profiles',
      '### manager-1: CPU, 5 s',
      '### manager-1: heap',
      '### manager-2: CPU, 5 s',
      '\n---\nswarmbench',
    ].map((h) => md.indexOf(h));
    expect(order.every((i) => i > -1)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(md).toContain('Taken at 2026-11-21T02:01:00.000Z during step ramp: ');
    expect(md).toMatch(
      /of CPU over 5 s \([\d.]+ % of one core\), in \d+ distinct stacks; sampled every 10 ms of CPU\./,
    );
    expect(md).toContain('Full profile: `go tool pprof -top profiles/manager-1-cpu.pb.gz`');
    expect(md).toContain('Full profile: `go tool pprof -top profiles/manager-1-heap.pb.gz`');
    expect(md).toContain('No figures: profiles/manager-2-cpu.pb.gz is missing.');
  });

  test('report.md: top 15 by flat and by cum, CPU in seconds and heap in bytes, names as code', () => {
    for (const [heading, value] of [
      ['### manager-1: CPU', /^\d+(\.\d+)? s$/],
      ['### manager-1: heap', /^\d+(\.\d+)? (B|KiB|MiB|GiB)$/],
    ] as const) {
      const section = md.slice(md.indexOf(heading));
      const flat = mdTableRows(section, '#### Top ');
      const cum = mdTableRows(section, ' by cum\n');
      expect(section).toMatch(
        /#### Top \d+ of \d+ functions by flat\n\n\| function \| flat \| flat % \| cum \| cum % \|\n\|---\|--:\|--:\|--:\|--:\|/,
      );
      expect(flat.length).toBeGreaterThan(0);
      expect(flat.length).toBeLessThanOrEqual(15);
      expect(cum).toHaveLength(15);
      for (const [fn, flatV, flatPct, cumV, cumPct] of [...flat, ...cum]) {
        expect(fn).toMatch(/^`[^`]+\.[^`]+`$/);
        expect(flatV).toMatch(value);
        expect(cumV).toMatch(value);
        expect(flatPct).toMatch(/^[\d.]+ %$/);
        expect(cumPct).toMatch(/^[\d.]+ %$/);
      }
      const dominant =
        /(most CPU went through|most memory in use was allocated under) `([^`]+)` \(([^,]+), ([\d.]+ %) cumulative\)/.exec(
          section,
        );
      expect(dominant).not.toBeNull();
      expect(isGlueFrame(dominant![2]!)).toBe(false);
    }
  });

  test('report.html: the same section, function names and the command as code', () => {
    expect(html).toContain('<h2 id="profiles">Manager profiles</h2>');
    expect(html).toContain('<section id="profile-manager-1-cpu"><h3>manager-1: CPU, 5 s</h3>');
    expect(html).toContain('<section id="profile-manager-1-heap"><h3>manager-1: heap</h3>');
    expect(html).toMatch(/<h4>Top \d+ of \d+ functions by flat<\/h4><table id="profile-manager-1-cpu-flat">/);
    expect(html).toMatch(/<h4>Top 15 of \d+ functions by cum<\/h4><table id="profile-manager-1-heap-cum">/);
    expect(html).toMatch(/<tr><td class="code">[^<]+\.[^<]+<\/td><td class="num">[\d.]+ s<\/td>/);
    expect(html).toMatch(/<tr><td class="code">[^<]+<\/td><td class="num">[\d.]+ (B|KiB|MiB)<\/td>/);
    expect(html).toContain('<code>go tool pprof -top profiles/manager-1-cpu.pb.gz</code>');
    expect(html).toMatch(/most CPU went through <code>[^<]+<\/code>/);
    expect(html).toContain('<p>No figures: profiles/manager-2-cpu.pb.gz is missing.</p>');
    expect(html).toContain('td.code,p code{');
    expect(html.indexOf('id="profiles"')).toBeLessThan(html.indexOf('<footer>'));
  });
});

describe('a run without profiles', () => {
  test('renders no section, and the pages are those built without profiles', async () => {
    const dir = join(root, 'without');
    writeFixtureRun(dir, { kind: 'scale' });
    await buildReports(dir, { now });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(md).not.toContain('Manager profiles');
    expect(html).not.toContain('Manager profiles');
    expect(html).not.toContain('td.code');
    const s = summaryFixture();
    const none = { profiles: [], problems: [] };
    expect(buildMarkdown(s, [], undefined, none)).toBe(buildMarkdown(s, []));
    expect(buildHtml(s, [], undefined, none)).toBe(buildHtml(s, []));
  }, 120_000);
});

describe('loadProfiles', () => {
  test('without an index, the files are found by name', () => {
    const { profiles, problems } = loadProfiles(runWithProfiles('no-index', undefined));
    expect(problems).toEqual([]);
    expect(profiles.map((p) => [p.node, p.kind, p.file, p.startedAt])).toEqual([
      ['manager-1', 'cpu', 'profiles/manager-1-cpu.pb.gz', undefined],
      ['manager-1', 'heap', 'profiles/manager-1-heap.pb.gz', undefined],
    ]);
    expect(profiles.every((p) => p.top && p.top.total > 0)).toBe(true);
    expect(profiles[0]!.top!.sampleType).toBe('cpu');
    expect(profiles[1]!.top!.sampleType).toBe('inuse_space');
  });

  test('an index that is not JSON, entries outside profiles/, and a file that is not the kind it says', () => {
    expect(loadProfiles(runWithProfiles('bad-json', '[{')).problems).toEqual([
      expect.stringMatching(/^profiles\/profiles\.json could not be parsed .*; profiles are listed by file name\.$/),
    ]);
    const dir = runWithProfiles('bad-entries', [
      { node: 'manager-1', kind: 'cpu', file: 'run.json', startedAt: '2026-11-21T02:01:00.000Z' },
      { node: 'manager-1', kind: 'cpu', file: 'profiles/../../x', startedAt: '2026-11-21T02:01:00.000Z' },
    ]);
    copyFileSync('test/fixtures/manager/cpu.pb.gz', join(dir, profileFile('manager-3', 'heap')));
    writeFileSync(join(dir, profileFile('manager-4', 'cpu')), 'not a profile');
    const { profiles, problems } = loadProfiles(dir);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /entry 0 was skipped: it needs a node, a kind \(cpu or heap\) and a file under profiles\//,
    );
    expect(profiles.map((p) => `${p.node} ${p.kind}`)).toEqual([
      'manager-1 cpu',
      'manager-1 heap',
      'manager-3 heap',
      'manager-4 cpu',
    ]);
    expect(profiles[2]!.error).toMatch(
      /^profiles\/manager-3-heap\.pb\.gz could not be read as a Go heap profile \(the profile has no sample type 'inuse_space' \(it has samples, cpu\)\)$/,
    );
    expect(profiles[3]!.error).toMatch(/^profiles\/manager-4-cpu\.pb\.gz could not be read as a Go cpu profile/);
    const md = buildMarkdown(summaryFixture(), [], undefined, { profiles, problems });
    expect(md).toContain('> **Note:** profiles/profiles.json entry 0 was skipped');
    expect(md).toContain('### manager-3: heap\n\nNo figures: profiles/manager-3-heap.pb.gz could not be read');
  });
});

describe('profileSection', () => {
  test('an idle CPU profile (no samples) says so instead of naming a function', () => {
    const strings = new StringTable();
    const empty = new Profile({
      sampleType: [
        new ValueType({ type: strings.dedup('samples'), unit: strings.dedup('count') }),
        new ValueType({ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }),
      ],
      stringTable: strings,
      durationNanos: 5_000_000_000,
    });
    const top = topFunctions(empty.encode());
    const section = profileSection({
      profiles: [{ node: 'm 1', kind: 'cpu', file: 'profiles/m 1-cpu.pb.gz', top }],
      problems: [],
    })!;
    expect(section.profiles[0]!.id).toBe('profile-m-1-cpu');
    expect(section.profiles[0]!.lines.slice(0, 2)).toEqual([
      'Taken at an unknown time: 0 s of CPU over 5 s (0 % of one core), in 0 distinct stacks.',
      'The manager used no sampled CPU while it was profiled.',
    ]);
    expect(section.profiles[0]!.tables.map((t) => [t.title, t.rows.length])).toEqual([
      ['By flat', 0],
      ['By cum', 0],
    ]);
    expect(profileSection({ profiles: [], problems: [] })).toBeUndefined();
  });
});
