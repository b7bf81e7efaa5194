// buildReports: (re)writes every report file of a run directory from its run.json and metrics
// (metrics.lp, or points fetched from InfluxDB), without re-running anything. Files are written
// to a temporary name and renamed, so a reader never sees half a report.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Point } from '../metrics/measurements.js';
import { silentLogger, type Logger } from '../util/log.js';
import { redactValue } from '../util/redact.js';
import { analyze } from '../metrics/analysis.js';
import { BENCH_FILES, buildBench } from './bench.js';
import { renderCharts, type ChartImage } from './charts/index.js';
import { compareSummaries, type Comparison } from './compare.js';
import { DEFAULT_THRESHOLD } from './compare-options.js';
import { buildHtml } from './html.js';
import { buildJunit } from './junit.js';
import { loadProfiles } from './load-profiles.js';
import { loadRunDir } from './load-run.js';
import { compareSets, loadRunSet, repetitionsIn, runSetOf } from './compare-sets.js';
import { loadSummary } from './load-summary.js';
import { buildMarkdown, chartFile } from './markdown.js';
import type { RunData } from './run-data.js';
import { buildSummary } from './summary.js';
import type { RunSummary } from './summary-schema.js';

export interface BuildReportsOptions {
  /** Points from another source (InfluxDB) instead of metrics.lp. */
  points?: Point[];
  pointsSource?: RunData['source'];
  /** A baseline run directory or summary.json: the comparison goes into the reports and comparison.json. */
  baseline?: string;
  /** Regression threshold as a fraction (0.1 = 10 %). */
  threshold?: number;
  /** Metric patterns that can fail the comparison (default: the plug-ins' gate, see gatesByDefault in compare.ts). */
  gate?: readonly string[];
  log?: Logger;
  /** The time written as generatedAt (tests pin it). */
  now?: Date;
}

export interface BuildReportsResult {
  summary: RunSummary;
  comparison?: Comparison;
  charts: ChartImage[];
  /** Absolute paths of every file written. */
  files: string[];
}

export const REPORT_FILES = {
  html: 'report.html',
  markdown: 'report.md',
  summary: 'summary.json',
  junit: 'junit.xml',
  comparison: 'comparison.json',
  ...BENCH_FILES,
} as const;

function writeAtomic(file: string, content: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

const json = (v: unknown) => `${JSON.stringify(redactValue(v), null, 2)}\n`;

export async function buildReports(runDir: string, opts: BuildReportsOptions = {}): Promise<BuildReportsResult> {
  const log = opts.log ?? silentLogger;
  const data = loadRunDir(runDir, { points: opts.points, source: opts.pointsSource });
  for (const p of data.problems) log.warn(p);
  const analysis = analyze(data.record, data.points);
  const summary = buildSummary(data, analysis, opts.now);
  // A baseline that cannot be read must not cost the run its reports: they are written first and
  // the error is thrown at the end.
  let comparison: Comparison | undefined;
  let baselineError: unknown;
  if (opts.baseline) {
    try {
      const o = { threshold: opts.threshold ?? DEFAULT_THRESHOLD, gate: opts.gate };
      // A repeated baseline (run --repeat) is compared by its repetitions, with a test.
      comparison = repetitionsIn(opts.baseline)
        ? compareSets(loadRunSet(opts.baseline), runSetOf(summary), o)
        : compareSummaries(loadSummary(opts.baseline), summary, o);
    } catch (err) {
      baselineError = err;
    }
  }

  // The managers' Go profiles (--profile managers), when the run took any.
  const profiles = loadProfiles(runDir);
  for (const p of profiles.problems) log.warn(p);
  for (const p of profiles.profiles) if (p.error) log.warn(`profile of ${p.node} (${p.kind}): ${p.error}`);

  log.info(`rendering charts for ${summary.run.id} (${data.points.length} points from ${data.source})`);
  const charts = await renderCharts(analysis, (m) => log.warn(m));

  const files: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const file = join(runDir, name);
    writeAtomic(file, content);
    files.push(file);
  };
  mkdirSync(join(runDir, 'charts'), { recursive: true });
  for (const c of charts) {
    if (c.png) write(chartFile(c), c.png);
    // A chart that has no data now must not leave an old image behind for report.md to link.
    else rmSync(join(runDir, chartFile(c)), { force: true });
  }
  write(REPORT_FILES.summary, json(summary));
  write(REPORT_FILES.junit, buildJunit(summary));
  write(REPORT_FILES.all, json(buildBench(summary)));
  write(REPORT_FILES.smaller, json(buildBench(summary, 'smaller')));
  write(REPORT_FILES.bigger, json(buildBench(summary, 'bigger')));
  if (comparison) write(REPORT_FILES.comparison, json(comparison));
  write(REPORT_FILES.markdown, buildMarkdown(summary, charts, comparison, profiles));
  write(REPORT_FILES.html, buildHtml(summary, charts, comparison, profiles));
  if (baselineError !== undefined) throw baselineError;
  return { summary, comparison, charts, files };
}
