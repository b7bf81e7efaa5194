// Opens repetitions.html of a repeated run made from fixture runs (three repetitions, each a run
// directory with its own report, as `run --repeat` leaves them; no Docker) in headless Chromium:
// one strip chart per headline metric, each decoding with a real size, a link to every
// repetition's report.html that leads to it, the SLOs on the medians, nothing fetched from the
// network; a screenshot is kept under test-artifacts/. The pages rewritten from repetitions.json
// (by the function `report DIR` calls; the CLI itself is not run here) are the ones first written.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compareRuns } from '../../../harness/report/compare-runs.js';
import { repetitionsIn } from '../../../harness/report/compare-sets.js';
import { buildReports } from '../../../harness/report/index.js';
import { writeRepetitions, writeRepetitionsPages } from '../../../harness/report/repetitions-files.js';
import { isHeadline, repetitionsOf, type RepetitionRun } from '../../../harness/report/repetitions.js';
import { evaluateSlos, parseSlos } from '../../../harness/scenario/slo.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';
import { imageFacts, launchChromium, openFile, pageRefs, type Chromium } from '../../support/chromium.js';

const ARTIFACTS = resolve('test-artifacts/report');
const PARENT = join(ARTIFACTS, 'repeated-alpine-top-scale');
const START = Date.UTC(2026, 10, 23, 2);

/** Three repetitions 2.5 minutes apart (about 35 s between them), the second one a little slower. */
async function repeatedRun(): Promise<RepetitionRun[]> {
  const runs: RepetitionRun[] = [];
  for (const [i, slowdown] of [1, 1.15, 0.95].entries()) {
    const dir = join(PARENT, `rep-${i + 1}`);
    const record = writeFixtureRun(dir, { kind: 'scale', seed: 20 + i, slowdown, startMs: START + i * 150_000 });
    const { summary } = await buildReports(dir);
    runs.push({
      index: i + 1,
      id: record.id,
      dir,
      exitCode: record.exitCode ?? 0,
      reason: record.reason ?? '',
      startMs: record.startMs,
      endMs: record.endMs!,
      freshCluster: i === 0,
      summary,
    });
  }
  return runs;
}

describe.sequential('repetitions.html in headless Chromium', () => {
  let chromium: Chromium;

  beforeAll(async () => {
    rmSync(PARENT, { recursive: true, force: true });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
  });

  test('a strip chart per headline metric, a link to each repetition, SLOs on the medians', async () => {
    const runs = await repeatedRun();
    const slos = parseSlos(['scale.tasks_per_second > 2', 'tasks.startup_latency.p99 < 1s']);
    const f = repetitionsOf(
      runs,
      { scenario: 'alpine-top-scale', id: 'repeated', seed: 20, cluster: 'bench', reused: true },
      (medians) => evaluateSlos(slos, medians),
    );
    await writeRepetitions(PARENT, f);
    const headline = Object.keys(f.summary.metrics).filter(isHeadline);
    expect(headline.length).toBeGreaterThanOrEqual(2);

    const { page, requests } = await openFile(chromium.context, join(PARENT, 'repetitions.html'));
    const images = await imageFacts(page);
    const content = await page.evaluate(() => ({
      figures: [...document.querySelectorAll('figure.metric h3')].map((h) => h.textContent ?? ''),
      links: ([...document.querySelectorAll('a.report')] as HTMLAnchorElement[]).map((a) => ({
        written: a.getAttribute('href') ?? '',
        resolved: a.href,
      })),
      repetitionRows: document.querySelectorAll('table#repetitions tbody tr').length,
      headlineRows: document.querySelectorAll('table#headline tbody tr').length,
      slos: [...document.querySelectorAll('table#slos tbody tr')].map((tr) => tr.textContent ?? ''),
      between: document.querySelector('#between')?.textContent ?? '',
    }));
    const refs = await pageRefs(page);
    await page.screenshot({ path: join(ARTIFACTS, 'repeated-alpine-top-scale.png'), fullPage: true });

    expect(images).toHaveLength(headline.length);
    for (const img of images) {
      expect(img, img.alt).toMatchObject({ complete: true, dataUri: true });
      expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
      expect(img.naturalHeight, img.alt).toBeGreaterThan(0);
    }
    // One chart per headline metric, titled with its unit and the better direction.
    expect(content.figures).toHaveLength(headline.length);
    for (const name of headline)
      expect(
        content.figures.some((t) => t.startsWith(`${name} (`)),
        name,
      ).toBe(true);
    expect(content.figures).toContain('scale.tasks_per_second (per s, bigger is better)');

    expect(content.repetitionRows).toBe(3);
    expect(content.headlineRows).toBe(headline.length);
    expect(content.links.map((l) => l.written)).toEqual([
      'rep-1/report.html',
      'rep-2/report.html',
      'rep-3/report.html',
    ]);
    for (const l of content.links) expect(existsSync(fileURLToPath(l.resolved)), l.resolved).toBe(true);
    expect(content.slos).toHaveLength(2);
    expect(content.slos[0]).toMatch(/^scale\.tasks_per_second > 2.*pass$/);
    expect(content.between).toMatch(/^Between repetitions: .* s, .* s \(\d+ % of a repetition's steps\)\.$/);

    // Nothing outside the page but the repetitions' reports, and no request leaves the machine.
    expect(refs).toEqual(content.links.map((l) => l.written));
    expect(requests).toEqual([]);

    // The link leads to the repetition's own report.
    await page.click('a.report >> nth=1');
    await page.waitForLoadState('load');
    expect(page.url()).toBe(content.links[1]!.resolved);
    expect(await page.title()).toContain(runs[1]!.id);
    await page.close();
  });

  test('the pages rewritten from repetitions.json (what `report DIR` does) are the ones the run wrote', async () => {
    const html = readFileSync(join(PARENT, 'repetitions.html'), 'utf8');
    const md = readFileSync(join(PARENT, 'repetitions.md'), 'utf8');
    rmSync(join(PARENT, 'repetitions.html'));
    rmSync(join(PARENT, 'repetitions.md'));
    const f = repetitionsIn(PARENT)!;
    await writeRepetitionsPages(PARENT, f);
    expect(readFileSync(join(PARENT, 'repetitions.md'), 'utf8')).toBe(md);
    expect(readFileSync(join(PARENT, 'repetitions.html'), 'utf8')).toBe(html);
    // And the repeated run still reads as a set for compare.
    expect(compareRuns(PARENT, PARENT).regressions).toEqual([]);
  });
});
