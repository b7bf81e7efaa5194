// Opens report.html of fixture runs in Debian's headless Chromium (never a downloaded browser):
// every chart image decodes with a real size, the SLO table is there, an incomplete run says so,
// nothing is fetched from the network, and a screenshot is kept under test-artifacts/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReports } from '../../../harness/report/index.js';
import { writeFixtureRun, type FixtureOptions } from '../../fixtures/report/make-run.js';

const ARTIFACTS = resolve('test-artifacts/report');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface PageFacts {
  images: { alt: string; complete: boolean; naturalWidth: number; naturalHeight: number; dataUri: boolean }[];
  sloTable: boolean;
  sloRows: number;
  verdict: string;
  regressed: boolean;
  comparisonRows: number;
  problems: string;
  externalRefs: string[];
}

describe.sequential('report.html in headless Chromium', () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), 'swarmbench-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
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
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
    const facts = await page.evaluate((): PageFacts => {
      const imgs = [...document.querySelectorAll('img')] as HTMLImageElement[];
      const table = document.querySelector('table#slo-table');
      const refs = [...document.querySelectorAll('[src],[href]')]
        .map((el) => el.getAttribute('src') ?? el.getAttribute('href') ?? '')
        .filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
      return {
        images: imgs.map((i) => ({
          alt: i.alt,
          complete: i.complete,
          naturalWidth: i.naturalWidth,
          naturalHeight: i.naturalHeight,
          dataUri: i.src.startsWith('data:image/png;base64,'),
        })),
        sloTable: table !== null,
        sloRows: table ? table.querySelectorAll('tbody tr').length : 0,
        verdict: document.querySelector('#verdict')?.textContent ?? '',
        regressed: document.querySelector('#regressed') !== null,
        comparisonRows: document.querySelectorAll('table#comparison tbody tr').length,
        problems: document.querySelector('#problems')?.textContent ?? '',
        externalRefs: refs,
      };
    });
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
