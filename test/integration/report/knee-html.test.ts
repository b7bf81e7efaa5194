// Opens knee.html of a breaking-point search made from fixtures (four probes, each a run directory
// with its own report and the real manager profiles of test/fixtures/manager/, as run-search
// leaves them; the knee from the search's state machine; no Docker) in headless Chromium: the
// knee and the verdict there, the chart decoding with a real size, a link to every probe's
// report.html that leads to it, the manager's top functions at the first bad size beside the last
// good, nothing fetched from the network; a screenshot is kept under test-artifacts/. The pages
// rewritten from knee.json (by the function `report DIR` calls; the CLI itself is not run here)
// are the ones first written.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROFILES_INDEX, profileFile, type ProfileIndexEntry } from '../../../harness/metrics/profiles-index.js';
import { buildReports } from '../../../harness/report/index.js';
import { kneeIn, writeKnee, writeKneePages } from '../../../harness/report/knee-files.js';
import { evaluateSlos, parseSlos } from '../../../harness/scenario/slo.js';
import type { Knee } from '../../../harness/search/knee.js';
import { validateSearch } from '../../../harness/search/plan.js';
import { searchBreakingPoint } from '../../../harness/search/search.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';
import { imageFacts, launchChromium, openFile, pageRefs, type Chromium } from '../../support/chromium.js';

const ARTIFACTS = resolve('test-artifacts/report');
const PARENT = join(ARTIFACTS, 'search-manager-limit');
const START = Date.UTC(2026, 11, 3, 2);

/** A probe's run directory: a fixture run with its reports, and the manager's profiles. */
async function probeDir(size: number, i: number): Promise<string> {
  const dir = join(PARENT, `probe-${size}`);
  const record = writeFixtureRun(dir, { kind: 'scale', seed: 40 + i, startMs: START + i * 600_000 });
  await buildReports(dir);
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  copyFileSync('test/fixtures/manager/cpu.pb.gz', join(dir, profileFile('manager-1', 'cpu')));
  copyFileSync('test/fixtures/manager/heap.pb.gz', join(dir, profileFile('manager-1', 'heap')));
  const index: ProfileIndexEntry[] = [
    {
      node: 'manager-1',
      kind: 'cpu',
      file: profileFile('manager-1', 'cpu'),
      seconds: 5,
      startedAt: new Date(record.startMs + 30_000).toISOString(),
      step: 'create i=1',
    },
    {
      node: 'manager-1',
      kind: 'heap',
      file: profileFile('manager-1', 'heap'),
      startedAt: new Date(record.endMs!).toISOString(),
    },
  ];
  writeFileSync(join(dir, PROFILES_INDEX), JSON.stringify(index));
  return record.id;
}

/** 2,000 and 4,000 hollow workers held, 6,000 broke (nodes marked Down), 5,000 broke on refinement. */
async function search(): Promise<{ knee: Knee; ids: Map<number, string> }> {
  const slos = parseSlos([
    'manager.nodes.down.max == 0',
    'manager.raft.transaction_latency.p99 < 1s',
    'scale.converge_time.max < 5m',
  ]);
  const spec = validateSearch(
    { param: 'hollow', from: 2000, step: 2000, max: 10_000, refine: 1 },
    { hollow: { default: 2000 } },
  ).spec!;
  const ids = new Map<number, string>();
  const knee = await searchBreakingPoint(spec, async (size) => {
    ids.set(size, await probeDir(size, ids.size));
    return {
      size,
      slos: evaluateSlos(slos, {
        'manager.nodes.down.max': size >= 5000 ? size / 500 : 0,
        'manager.raft.transaction_latency.p99': 30 + size / 20,
        'scale.converge_time.max': size * 40,
      }),
      verdict: size >= 5000 ? 'host-bound' : 'valid',
      elapsedMs: 600_000,
      profiles: `probe-${size}/${PROFILES_INDEX}`,
    };
  });
  return { knee, ids };
}

describe.sequential('knee.html in headless Chromium', () => {
  let chromium: Chromium;
  let knee: Knee;
  let ids: Map<number, string>;

  beforeAll(async () => {
    rmSync(PARENT, { recursive: true, force: true });
    mkdirSync(PARENT, { recursive: true });
    ({ knee, ids } = await search());
    chromium = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await chromium?.close();
  });

  test('the knee and its verdict, the chart inline, a link to each probe, the profiles either side', async () => {
    expect(knee.probes.map((p) => [p.size, p.phase, p.held])).toEqual([
      [2000, 'grow', true],
      [4000, 'grow', true],
      [6000, 'grow', false],
      [5000, 'refine', false],
    ]);
    await writeKnee(PARENT, knee);

    const { page, requests } = await openFile(chromium.context, join(PARENT, 'knee.html'));
    const images = await imageFacts(page);
    const content = await page.evaluate(() => ({
      title: document.title,
      knee: document.querySelector('#knee')?.textContent ?? '',
      resolution: document.querySelector('#resolution')?.textContent ?? '',
      verdict: document.querySelector('#verdict')?.textContent ?? '',
      verdictClass: document.querySelector('#verdict')?.className ?? '',
      links: ([...document.querySelectorAll('a.report')] as HTMLAnchorElement[]).map((a) => ({
        written: a.getAttribute('href') ?? '',
        resolved: a.href,
      })),
      outcomes: [...document.querySelectorAll('table#probes tbody tr')].map(
        (tr) => tr.querySelectorAll('td')[2]?.className ?? '',
      ),
      sections: [...document.querySelectorAll('section[id^="knee-profile-"] h3')].map((h) => h.textContent ?? ''),
      cpuHead: [...document.querySelectorAll('#knee-profile-manager-1-cpu-cum thead th')].map((th) => th.textContent),
      cpuRows: document.querySelectorAll('#knee-profile-manager-1-cpu-cum tbody tr').length,
      grew: [...document.querySelectorAll('#knee-profile-manager-1-cpu p')].map((p) => p.textContent ?? ''),
    }));
    const refs = await pageRefs(page);
    await page.screenshot({ path: join(ARTIFACTS, 'search-manager-limit.png'), fullPage: true });

    expect(content.title).toBe('Breaking-point search: hollow');
    expect(content.knee).toMatch(
      /^The swarm held 4,000 hollow and broke at 5,000: manager\.nodes\.down\.max 10 over the SLO's 0; the host was the limit \(host-bound\)\.$/,
    );
    expect(content.resolution).toBe(
      'The knee lies between 4,000 (held) and 5,000 (broke): known to within 1,000 hollow.',
    );
    expect(content.verdict).toMatch(
      /^Validity at 5,000, the first size that broke: host-bound\. That means this machine was saturated/,
    );
    expect(content.verdict).toContain('At 4,000, the last size that held, it was valid.');
    expect(content.verdictClass).toBe('warn');

    // One chart, decoded with a real size, inline.
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ complete: true, dataUri: true });
    expect(images[0]!.naturalWidth).toBeGreaterThan(0);
    expect(images[0]!.naturalHeight).toBeGreaterThan(0);
    expect(existsSync(join(PARENT, 'knee.png'))).toBe(true);

    expect(content.outcomes).toEqual(['held', 'held', 'broke', 'broke']);
    expect(content.links.map((l) => l.written)).toEqual(knee.probes.map((p) => `probe-${p.size}/report.html`));
    for (const l of content.links) expect(existsSync(fileURLToPath(l.resolved)), l.resolved).toBe(true);

    // The manager's profiles at 5,000 (first bad) beside 4,000 (last good): the same fixture on
    // both sides, so nothing grew.
    expect(content.sections).toEqual(['manager-1: CPU', 'manager-1: heap']);
    expect(content.cpuHead).toEqual([
      'function',
      'first bad 5,000',
      'cum %',
      'last good 4,000',
      'cum %',
      'cum % change',
    ]);
    expect(content.cpuRows).toBe(10);
    expect(content.grew).toContain(
      "From 4,000 to 5,000 hollow, no function's share of the CPU grew by 1 percentage point or more.",
    );

    // Nothing outside the page but the probes' reports, and no request leaves the machine.
    expect(refs).toEqual(content.links.map((l) => l.written));
    expect(requests).toEqual([]);

    // The link leads to the probe's own report.
    await page.click('a.report >> nth=3');
    await page.waitForLoadState('load');
    expect(page.url()).toBe(content.links[3]!.resolved);
    expect(await page.title()).toContain(ids.get(5000)!);
    await page.close();
  });

  test('the pages rewritten from knee.json (what `report DIR` does) are the ones the run wrote', async () => {
    const html = readFileSync(join(PARENT, 'knee.html'), 'utf8');
    const md = readFileSync(join(PARENT, 'knee.md'), 'utf8');
    rmSync(join(PARENT, 'knee.html'));
    rmSync(join(PARENT, 'knee.md'));
    await writeKneePages(PARENT, kneeIn(PARENT)!);
    expect(readFileSync(join(PARENT, 'knee.md'), 'utf8')).toBe(md);
    expect(readFileSync(join(PARENT, 'knee.html'), 'utf8')).toBe(html);
  });
});
