// The generated parts of docs/metrics.md: the measurement table (what metrics.lp and InfluxDB
// hold), the summary table (the names SLOs and compare use) and the list of headline metrics
// (what history, run_summary and the Grafana dashboard's panels across runs show; the dashboard
// generator grafana/tools/make-dashboard.py reads it), all from the measurement registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceBlock } from '../util/generated-block.js';
import { packageRoot } from '../util/package-root.js';
import type { MetricFamily } from './plugin.js';
import { headlineMetricNames, measurementPlugins, metricDef } from './registry.js';
import { STATS, UNIT_NOISE_FLOOR, UNIT_TEXT } from './units.js';

export const METRICS_DOC = () => join(packageRoot(), 'docs', 'metrics.md');

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function measurementTable(): string {
  const rows = ['| measurement | every | extra tags | fields | written by | plug-in |', '|---|---|---|---|---|---|'];
  for (const p of measurementPlugins()) {
    for (const s of p.points) {
      rows.push(
        `| \`${s.measurement}\` | ${cell(s.every)} | ${cell(s.tags || '—')} | ${cell(s.fields)} | ${cell(p.producedBy)} | \`${p.name}\` |`,
      );
    }
  }
  return rows.join('\n');
}

function familyName(f: MetricFamily): string {
  const stats = `{${STATS.join(',')}}`;
  switch (f.shape ?? 'value') {
    case 'value':
      return `\`${f.name}\``;
    case 'distribution':
      return `\`${f.name}.${stats}\``;
    case 'both':
      return `\`${f.name}\`, \`${f.name}.${stats}\``;
  }
}

export function summaryTable(): string {
  const rows = [
    '| name | unit | better | compare gates | noise floor | what | plug-in |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of measurementPlugins()) {
    for (const f of p.metrics) {
      const floor = f.noiseFloor ?? UNIT_NOISE_FLOOR[f.unit];
      const perStep = f.perStep ? ' (also per step: `step.<step>.…`)' : '';
      const gates = !f.gate ? 'no' : f.gateStats ? `${f.gateStats.join(', ')} only` : 'yes';
      rows.push(
        `| ${familyName(f)} | ${UNIT_TEXT[f.unit]} | ${f.better} | ${gates} | ${floor} | ${cell(f.description)}${perStep} | \`${p.name}\` (${cell(p.producedBy)}) |`,
      );
    }
  }
  return rows.join('\n');
}

/** The headline metrics with their unit (as the registry spells it) and direction, one a row. */
export function headlineTable(): string {
  const rows = ['| metric | unit | better |', '|---|---|---|'];
  for (const name of headlineMetricNames()) {
    const def = metricDef(name)!;
    rows.push(`| \`${name}\` | \`${def.unit}\` | ${def.better} |`);
  }
  return rows.join('\n');
}

/** docs/metrics.md with its generated tables as the registry has them now. */
export function metricsDocText(current: string): string {
  let text = replaceBlock(current, 'measurements', measurementTable());
  text = replaceBlock(text, 'summary-metrics', summaryTable());
  return replaceBlock(text, 'headline-metrics', headlineTable());
}

/** Rewrites docs/metrics.md's generated tables; returns whether anything changed. */
export function writeMetricsDoc(file = METRICS_DOC()): boolean {
  const current = readFileSync(file, 'utf8');
  const next = metricsDocText(current);
  if (next !== current) writeFileSync(file, next);
  return next !== current;
}
