// The files a repeated run leaves in its parent directory: repetitions.json, then the pages made
// from it (repetitions.md, repetitions.html), and with a baseline comparison.json/.md, the
// repetitions compared as a set. `run --repeat` writes them all; `report DIR` on the parent
// rewrites the pages (and the comparison) from repetitions.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPng } from './charts/render.js';
import type { Comparison } from './compare.js';
import { comparisonMarkdown } from './compare-format.js';
import { compareRuns } from './compare-runs.js';
import type { RenderChart } from './page-shell.js';
import { repetitionsHtml } from './repetitions-html.js';
import { repetitionsMarkdown } from './repetitions-md.js';
import { REPETITIONS_FILE, type RepetitionsFile } from './repetitions.js';

export const REPETITIONS_PAGES = { markdown: 'repetitions.md', html: 'repetitions.html' } as const;

/** repetitions.md and repetitions.html from the file; the paths written. */
export async function writeRepetitionsPages(
  dir: string,
  f: RepetitionsFile,
  render: RenderChart = renderPng,
): Promise<string[]> {
  const md = join(dir, REPETITIONS_PAGES.markdown);
  const html = join(dir, REPETITIONS_PAGES.html);
  writeFileSync(md, repetitionsMarkdown(f));
  writeFileSync(html, await repetitionsHtml(f, render));
  return [md, html];
}

/** repetitions.json first (what a nightly job reads, whatever the pages do), then the pages. */
export async function writeRepetitions(
  dir: string,
  f: RepetitionsFile,
  render: RenderChart = renderPng,
): Promise<string[]> {
  const json = join(dir, REPETITIONS_FILE);
  writeFileSync(json, `${JSON.stringify(f, null, 2)}\n`);
  return [json, ...(await writeRepetitionsPages(dir, f, render))];
}

/** The repeated run in `dir` against `baseline` as sets (compare-sets.ts), into comparison.json/.md. */
export function writeSetComparison(
  baseline: string,
  dir: string,
  opts: { threshold?: number; gate?: readonly string[] },
): { comparison: Comparison; files: string[] } {
  const comparison = compareRuns(baseline, dir, opts);
  const files = [join(dir, 'comparison.json'), join(dir, 'comparison.md')];
  writeFileSync(files[0]!, `${JSON.stringify(comparison, null, 2)}\n`);
  writeFileSync(files[1]!, comparisonMarkdown(comparison));
  return { comparison, files };
}
