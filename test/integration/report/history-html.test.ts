// Opens history.html of twenty fixture runs (no Docker), the last four 50 % slower, one on another
// engine, in headless Chromium: one chart per metric, each decoding with a real size, the change
// point table naming the regression that starts in the newest runs, the unlike run named, nothing
// fetched from the network; a screenshot is kept under test-artifacts/. The runs' summaries are
// built without their charts (history reads summary.json only), which keeps twenty runs cheap. Why
// twenty: with 8 runs before and 4 after the change, shuffles put the slow runs together often
// enough that the permutation test's p comes out at 0.01, alpha itself (change-points.ts).
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildHistory } from '../../../harness/history/history.js';
import { historyHtml } from '../../../harness/history/html.js';
import { loadHistoryRuns } from '../../../harness/history/runs.js';
import { analyze } from '../../../harness/metrics/analysis.js';
import { renderPng } from '../../../harness/report/charts/render.js';
import { loadRunDir } from '../../../harness/report/load-run.js';
import { buildSummary } from '../../../harness/report/summary.js';
import { writeFixtureRun } from '../../fixtures/report/make-run.js';
import { imageFacts, launchChromium, openFile, pageRefs, type Chromium } from '../../support/chromium.js';

const ARTIFACTS = resolve('test-artifacts/report');
const ROOT = join(ARTIFACTS, 'history-alpine-top-scale');
const RUNS = 20;
const SLOW_FROM = 16;

/** Nightly runs a day apart; from SLOW_FROM on 50 % slower; run 3 on another engine. */
function writeRuns(): void {
  for (let i = 0; i < RUNS; i++) {
    const dir = join(ROOT, `run-${String(i).padStart(2, '0')}`);
    writeFixtureRun(dir, {
      kind: 'scale',
      seed: 30 + i,
      slowdown: i >= SLOW_FROM ? 1.5 : 1,
      startMs: Date.UTC(2026, 11, 1, 2) + i * 86_400_000,
    });
    const data = loadRunDir(dir);
    const summary = buildSummary(data, analyze(data.record, data.points));
    if (i === 3) summary.environment.engineVersion = '24.0.1';
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary));
  }
}

describe.sequential('history.html in headless Chromium', () => {
  let chromium: Chromium;

  beforeAll(async () => {
    rmSync(ROOT, { recursive: true, force: true });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
  });

  test('a chart per metric, the change point table with the regression, the unlike run named', async () => {
    writeRuns();
    const runs = loadHistoryRuns(ROOT, 'alpine-top-scale');
    expect(runs).toHaveLength(RUNS);
    const h = buildHistory('alpine-top-scale', runs);
    const metrics = Object.keys(h.metrics);
    expect(metrics.length).toBeGreaterThanOrEqual(2);
    const cp = h.metrics['scale.tasks_per_second']!.analysis.regression;
    expect(cp, 'a regression in scale.tasks_per_second').not.toBeNull();
    expect(Math.abs(cp!.index - SLOW_FROM)).toBeLessThanOrEqual(1);
    writeFileSync(join(ROOT, 'history.html'), await historyHtml(h, (c) => renderPng(c)));

    const { page, requests } = await openFile(chromium.context, join(ROOT, 'history.html'));
    const images = await imageFacts(page);
    const content = await page.evaluate(() => ({
      headings: [...document.querySelectorAll('h2')].map((x) => x.textContent ?? ''),
      rows: [...document.querySelectorAll('table#change-points tbody tr')].map((tr) => ({
        metric: tr.querySelector('td')?.textContent ?? '',
        regression: tr.querySelector('.regression')?.textContent ?? '',
      })),
      verdict: document.querySelector('#verdict')?.textContent ?? '',
      warnings: [...document.querySelectorAll('.warn')].map((w) => w.textContent ?? ''),
    }));
    const refs = await pageRefs(page);
    await page.screenshot({ path: join(ARTIFACTS, 'history-alpine-top-scale.png'), fullPage: true });
    await page.close();

    // One chart per metric, under the metric's heading, each a PNG that decodes with a real size.
    expect(content.headings).toEqual(metrics);
    expect(images.map((i) => i.alt)).toEqual(metrics.map((m) => `${m} per run`));
    for (const img of images) {
      expect(img, img.alt).toMatchObject({ complete: true, dataUri: true });
      expect(img.naturalWidth, img.alt).toBeGreaterThan(0);
      expect(img.naturalHeight, img.alt).toBeGreaterThan(0);
    }
    // The change point table: a row per metric, the regression marked at its run.
    expect(content.rows.map((r) => r.metric)).toEqual(metrics);
    const rate = content.rows.find((r) => r.metric === 'scale.tasks_per_second')!;
    expect(rate.regression).toMatch(
      new RegExp(`^run ${cp!.index + 1} \\(.*\\): -\\d+\\.\\d %, regression, p 0\\.\\d{3}$`),
    );
    expect(content.verdict).toMatch(/The newest runs start a regression in .*scale\.tasks_per_second/);
    expect(content.warnings).toEqual([`Unlike runs: another engine version than most runs' 20.10.24: ${runs[3]!.id}`]);
    expect(refs).toEqual([]);
    expect(requests).toEqual([]);
  });
});
