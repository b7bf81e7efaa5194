// The facts both pages (HTML and Markdown) show as tables, built once so the two never disagree:
// each table is a caption, a header row and rows of plain text (escaped by the page that prints it).
import { formatBytes } from '../util/duration.js';
import { formatOffset, formatValue } from './format.js';
import { describeValidity } from '../metrics/measurements/validity.js';
import type { RunSummary } from './summary-schema.js';

export interface FactTable {
  id: string;
  title: string;
  head: string[];
  rows: string[][];
  /** Columns holding numbers, right-aligned. */
  numeric?: number[];
  /** Columns holding code (Go function names): monospace in HTML, a code span in Markdown. */
  code?: number[];
  /** Said instead of an empty table. */
  empty?: string;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const PUBLISH_TEXT: Record<string, string> = {
  ingress: 'ingress (routing mesh)',
  host: 'host mode + DNS round-robin (no IPVS)',
  none: 'none (no published ports)',
};

const paramText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export const VERDICT_LABEL: Record<RunSummary['run']['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  incomplete: 'INCOMPLETE',
  error: 'ERROR',
};

export function runTable(s: RunSummary): FactTable {
  const rows: string[][] = [
    ['run id', s.run.id],
    ['scenario', `${s.run.scenario} (${s.run.scenarioFile})`],
    ...(s.run.description ? [['description', s.run.description]] : []),
    ['status', `${s.run.status}${s.run.exitCode === undefined ? '' : ` (exit code ${s.run.exitCode})`}`],
    ...(s.run.reason ? [['ended because', s.run.reason]] : []),
    ['started', s.run.start],
    [
      'duration',
      s.run.durationMs === undefined ? 'unknown (the run did not finish)' : formatValue(s.run.durationMs, 'ms'),
    ],
    ['seed', String(s.run.seed)],
  ];
  return { id: 'run', title: 'Run', head: ['', ''], rows };
}

export function paramsTable(s: RunSummary): FactTable {
  const rows = Object.entries(s.run.params).map(([k, v]) => [k, paramText(v)]);
  return { id: 'params', title: 'Parameters', head: ['parameter', 'value'], rows, empty: 'No parameters recorded.' };
}

export function clusterTable(s: RunSummary): FactTable {
  const c = s.cluster;
  const e = s.environment;
  return {
    id: 'cluster',
    title: 'Cluster and environment',
    head: ['', ''],
    rows: [
      ['cluster', c.name],
      [
        'nodes',
        `${c.nodes} (${plural(c.managers, 'manager')}, ${plural(c.workers, 'worker')}${c.hollow > 0 ? `, ${plural(c.hollow, 'hollow worker')}` : ''})`,
      ],
      ['node mode', `${c.nodeMode}${c.nodeMode === 'capabilities' ? ' (dind without --privileged)' : ''}`],
      ['publishing', PUBLISH_TEXT[c.publishMode] ?? c.publishMode],
      ['outer hosts', c.hosts.join(', ') || 'unknown'],
      ['boot', bootText(c.boot)],
      ['swarm', swarmText(c)],
      ['outer engine', e.engineVersion],
      ['inner engine', e.innerEngineVersion ?? 'unknown'],
      ['kernel', e.kernel],
      ['host CPUs / memory', `${e.cpus || '?'} / ${e.memBytes > 0 ? formatBytes(e.memBytes) : '?'}`],
      ['host load at the start', e.loadAtStart === undefined ? 'unknown' : `${e.loadAtStart} (1-minute average)`],
      ['harness', e.harnessVersion],
    ],
  };
}

/** Fresh or reused, and how many runs it served before: a reused manager works differently
 *  (moby/swarmkit#2763). */
function swarmText(c: RunSummary['cluster']): string {
  if (c.fresh === undefined) return 'unknown';
  const served = c.runsServed === undefined ? '' : ` (${plural(c.runsServed, 'run')} before this one)`;
  return `${c.fresh ? 'fresh: brought up by this run' : 'reused'}${served}`;
}

/** How the run's own `up` went, or that the cluster was there before. */
function bootText(b: RunSummary['cluster']['boot']): string {
  if (!b) return 'not booted by this run (it used a running cluster)';
  const extra = [
    b.failed > 0 ? `${b.failed} failed` : '',
    b.notStarted > 0 ? `${b.notStarted} not started (${b.stoppedEarly ?? 'stopped early'})` : '',
    b.restarted > 0 ? `${plural(b.restarted, 'boot')} repeated` : '',
  ].filter(Boolean);
  return `${b.ready}/${b.wanted} nodes Ready in ${b.seconds} s${extra.length ? `, ${extra.join(', ')}` : ''}; ${b.pace}`;
}

export function imagesTable(s: RunSummary): FactTable {
  const rows = Object.entries(s.environment.images).map(([name, i]) => [name, i.ref, i.source, i.version ?? '']);
  return {
    id: 'images',
    title: 'Images',
    head: ['image', 'reference', 'source', 'version'],
    rows,
    empty: 'No images recorded.',
  };
}

export function sloTable(s: RunSummary): FactTable {
  const rows = s.slos.map((x) => [
    x.expr,
    formatValue(x.value, x.unit),
    `${x.op} ${formatValue(x.bound, x.unit)}`,
    x.verdict.toUpperCase(),
  ]);
  return {
    id: 'slo-table',
    title: 'Service-level objectives',
    head: ['SLO', 'value', 'bound', 'verdict'],
    rows,
    numeric: [1],
    empty: s.run.complete
      ? 'The scenario defines no SLOs.'
      : 'SLOs are evaluated at the end of a run; this run did not get there.',
  };
}

const STAT_COLUMNS = ['p50', 'p90', 'p99', 'max', 'mean', 'min'] as const;
/** Swarm figures first, then what the cluster cost, then the harness's own. */
const FAMILY_ORDER = [
  'tasks.',
  'scale.',
  'chaos.',
  'http.',
  'update.',
  'nodes.',
  'leader.',
  'manager.',
  'worker.',
  'harness.',
];
const familyRank = (name: string) => {
  const i = FAMILY_ORDER.findIndex((p) => name.startsWith(p));
  return i === -1 ? FAMILY_ORDER.length : i;
};

/** Headline metrics folded by family: one row per quantity with its value or its statistics, so
 *  eighty figures fit on one screen. Per-step figures (step.<name>.…) are in the step table and
 *  summary.json. */
export function metricsTable(s: RunSummary): FactTable {
  const families = new Map<
    string,
    { value?: string; stats: Partial<Record<(typeof STAT_COLUMNS)[number], string>>; better: string; runner: boolean }
  >();
  for (const [name, m] of Object.entries(s.metrics)) {
    if (name.startsWith('step.')) continue;
    const dot = name.lastIndexOf('.');
    const suffix = name.slice(dot + 1) as (typeof STAT_COLUMNS)[number];
    const isStat = dot > 0 && (STAT_COLUMNS as readonly string[]).includes(suffix);
    const family = isStat ? name.slice(0, dot) : name;
    const row = families.get(family) ?? { stats: {}, better: m.better, runner: false };
    if (isStat) row.stats[suffix] = formatValue(m.value, m.unit);
    else row.value = formatValue(m.value, m.unit);
    row.runner ||= m.source === 'run';
    families.set(family, row);
  }
  const rows = [...families.entries()]
    .sort(([a], [b]) => familyRank(a) - familyRank(b) || a.localeCompare(b))
    .map(([family, r]) => [
      family,
      r.value ?? '',
      ...STAT_COLUMNS.map((c) => r.stats[c] ?? ''),
      `${r.better} is better`,
    ]);
  return {
    id: 'metrics',
    title: 'Headline metrics',
    head: ['metric', 'value', ...STAT_COLUMNS, 'direction'],
    rows,
    numeric: [1, 2, 3, 4, 5, 6, 7],
    empty: 'No metrics were recorded.',
  };
}

export function stepsTable(s: RunSummary): FactTable {
  const t0 = Date.parse(s.run.start);
  const rows = s.steps.map((x) => [
    String(x.index),
    x.name,
    x.type,
    formatOffset(Date.parse(x.start) - t0),
    x.durationMs === undefined ? 'did not end' : formatValue(x.durationMs, 'ms'),
    x.error ?? '',
  ]);
  return {
    id: 'steps',
    title: 'Steps',
    head: ['#', 'step', 'type', 'start (m:ss)', 'duration', 'error'],
    rows,
    numeric: [0, 3, 4],
    empty: 'No steps recorded.',
  };
}

export function marksTable(s: RunSummary): FactTable {
  return {
    id: 'marks',
    title: 'Marks',
    head: ['mark', 'at (m:ss)', 'time'],
    rows: s.marks.map((m) => [m.name, formatOffset(m.offsetMs), m.time]),
    numeric: [1],
    empty: 'No marks recorded.',
  };
}

export function measurementsTable(s: RunSummary): FactTable {
  const rows = s.measurements.map((m) => [
    m.name,
    m.step || 'whole run',
    String(m.count),
    ...[m.min, m.mean, m.p50, m.p90, m.p99, m.max].map((v) => formatValue(v, m.unit)),
  ]);
  return {
    id: 'measurements',
    title: 'Distributions by step',
    head: ['quantity', 'step', 'samples', 'min', 'mean', 'p50', 'p90', 'p99', 'max'],
    rows,
    numeric: [2, 3, 4, 5, 6, 7, 8],
    empty: 'Nothing was measured.',
  };
}

export function dataTable(s: RunSummary): FactTable {
  const rows = Object.entries(s.data.pointsByMeasurement)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, n]) => [m, String(n)]);
  return {
    id: 'data',
    title: `Recorded points (from ${s.data.source})`,
    head: ['measurement', 'points'],
    rows,
    numeric: [1],
    empty: 'No points were recorded.',
  };
}

export function chaosTable(s: RunSummary): FactTable {
  const ms = (v: number | undefined) => (v === undefined ? 'not measured' : formatValue(v, 'ms'));
  const rows = s.chaos.map((c) => [
    formatOffset(c.offsetMs),
    c.action,
    c.targets.join(', '),
    ms(c.detectMs),
    ms(c.rescheduleMs),
    ms(c.convergeMs),
    c.tasksLost === undefined ? '' : String(c.tasksLost),
  ]);
  return {
    id: 'chaos',
    title: 'Chaos actions',
    head: ['at (m:ss)', 'action', 'targets', 'until Down', 'until rescheduled', 'until converged', 'tasks lost'],
    rows,
    numeric: [0, 3, 4, 5, 6],
    empty: 'No chaos actions.',
  };
}

/** The validity banner in words: what the run's figures measure, and why (undefined: no verdict). */
export function validityLine(s: RunSummary): string | undefined {
  const v = s.validity;
  if (!v) return undefined;
  return `Validity: ${describeValidity(v)}.`;
}

export function validityTable(s: RunSummary): FactTable {
  return {
    id: 'validity',
    title: 'Validity per step',
    head: ['step', 'verdict', 'evidence'],
    rows: (s.validity?.steps ?? []).map((v) => [v.step, v.verdict, v.evidence.join('; ')]),
    empty: 'No host or harness samples were recorded.',
  };
}
