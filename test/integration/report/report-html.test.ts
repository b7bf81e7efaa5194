// Opens report.html of fixture runs in Debian's headless Chromium (never a downloaded browser):
// every chart image decodes with a real size, the SLO table is there, an incomplete run says so,
// nothing is fetched from the network, and a screenshot is kept under test-artifacts/.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReports } from '../../../harness/report/index.js';
import { writeFixtureRun, type FixtureOptions } from '../../fixtures/report/make-run.js';
import {
  imageFacts,
  launchChromium,
  openFile,
  pageRefs,
  type Chromium,
  type ImageFacts,
} from '../../support/chromium.js';

const ARTIFACTS = resolve('test-artifacts/report');

interface PageFacts {
  images: ImageFacts[];
  sloTable: boolean;
  sloRows: number;
  verdict: string;
  regressed: boolean;
  comparisonRows: number;
  problems: string;
  externalRefs: string[];
}

describe.sequential('report.html in headless Chromium', () => {
  let chromium: Chromium;

  beforeAll(async () => {
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
  });

  async function open(
    name: string,
    opts: FixtureOptions,
    baseline?: string,
  ): Promise<{ facts: PageFacts; charts: number; requests: string[] }> {
    const dir = join(ARTIFACTS, name);
    rmSync(dir, { recursive: true, force: true });
    writeFixtureRun(dir, opts);
    const built = await buildReports(dir, { baseline });
    const { page, requests } = await openFile(chromium.context, join(dir, 'report.html'));
    const content = await page.evaluate(() => {
      const table = document.querySelector('table#slo-table');
      return {
        sloTable: table !== null,
        sloRows: table ? table.querySelectorAll('tbody tr').length : 0,
        verdict: document.querySelector('#verdict')?.textContent ?? '',
        regressed: document.querySelector('#regressed') !== null,
        comparisonRows: document.querySelectorAll('table#comparison tbody tr').length,
        problems: document.querySelector('#problems')?.textContent ?? '',
      };
    });
    const facts = { ...content, images: await imageFacts(page), externalRefs: await pageRefs(page) };
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    // The first screen alone: what a reader sees on opening the page, at a size a person can check.
    await page.screenshot({ path: join(ARTIFACTS, `${name}-first-screen.png`) });
    await page.close();
    return { facts, charts: built.charts.filter((c) => c.png).length, requests };
  }

  test('a scale-up run: every chart decodes, SLO table present, nothing fetched', async () => {
    const { facts, charts, requests } = await open('alpine-top-scale', { kind: 'scale', seed: 7 });
    expect(charts).toBe(6);
    expect(facts.images).toHaveLength(charts);
    for (const img of facts.images) {
      expect(img, img.alt).toMatchObject({ complete: true, dataUri: true });
      expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
      expect(img.naturalHeight, img.alt).toBeGreaterThan(0);
    }
    expect(facts.sloTable).toBe(true);
    expect(facts.sloRows).toBe(3);
    expect(facts.verdict).toBe('PASS');
    expect(facts.externalRefs).toEqual([]);
    expect(requests).toEqual([]);
  });

  test('a chaos run also shows the chaos timeline', async () => {
    const { facts, charts } = await open('chaos-restarts', { kind: 'chaos', seed: 3 });
    expect(charts).toBe(7);
    expect(facts.images.map((i) => i.alt)).toContain('Chaos timeline');
    for (const img of facts.images) expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
    expect(facts.sloTable).toBe(true);
    expect(facts.verdict).toBe('FAIL');
  });

  test('with a baseline: the page says REGRESSED and lists what moved', async () => {
    const { facts } = await open(
      'slower-than-baseline',
      { kind: 'scale', seed: 7, slowdown: 1.6, startMs: Date.UTC(2026, 10, 22, 2) },
      join(ARTIFACTS, 'alpine-top-scale'),
    );
    expect(facts.regressed).toBe(true);
    expect(facts.comparisonRows).toBeGreaterThan(0);
    for (const img of facts.images) expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
  });

  test('a run killed half-way says it is incomplete and shows what was collected', async () => {
    const { facts, charts } = await open('killed-half-way', { kind: 'scale', seed: 7, killAt: 0.5 });
    expect(facts.verdict).toBe('INCOMPLETE');
    expect(facts.problems).toMatch(/Incomplete run/);
    expect(facts.problems).toMatch(/middle of a line/);
    expect(charts).toBeGreaterThanOrEqual(5);
    for (const img of facts.images) expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
  });
});
