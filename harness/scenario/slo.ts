// Service-level objectives: `metric op bound` expressions with units ("tasks.startup_latency.p99
// < 30s"), parsed at validate time and evaluated at the end of a run against the flat metrics map.
// A metric without a value is `no-data`, which fails: an SLO never passes silently.
import type { SloResult } from '../run-record.js';
import { parseDuration, parseSize } from '../util/duration.js';
import { metricDef } from '../metrics/registry.js';
import type { MetricUnit } from '../metrics/units.js';

export type SloOp = SloResult['op'];

export interface Slo {
  expr: string;
  metric: string;
  op: SloOp;
  /** In the metric's base unit (ms for durations, 0..1 for ratios). */
  bound: number;
  unit: MetricUnit;
}

const EXPR = /^\s*([a-z][a-z0-9_.]*)\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$/;

function parseBound(unit: MetricUnit, text: string): number | string {
  const num = (t: string) => (t !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined);
  switch (unit) {
    case 'ms': {
      if (num(text) !== undefined && Number(text) !== 0) return `a duration with its unit, e.g. ${text}s or ${text}ms`;
      const ms = num(text) === 0 ? 0 : parseDuration(text);
      return ms ?? 'a duration such as 30s or 500ms';
    }
    case 'per_s':
      return num(text.replace(/\/s$/, '')) ?? 'a number (per second)';
    case 'count':
      return num(text) ?? 'a number';
    case 'ratio':
      if (text.endsWith('%'))
        return num(text.slice(0, -1)) !== undefined
          ? Number(text.slice(0, -1)) / 100
          : 'a ratio such as 0.999 or 99.9%';
      return num(text) ?? 'a ratio such as 0.999 or 99.9%';
    case 'percent':
      return num(text.replace(/%$/, '')) ?? 'a percentage such as 50%';
    case 'bytes':
      return parseSize(text) ?? 'a size such as 512MiB';
  }
}

/** Parses one expression; returns a sentence saying what is wrong when it cannot. */
export function parseSlo(expr: string): Slo | string {
  const m = EXPR.exec(expr);
  if (!m) return "expected 'metric op bound', e.g. 'chaos.tasks_lost == 0'";
  const [, metric, op, boundText] = m as unknown as [string, string, SloOp, string];
  const def = metricDef(metric);
  if (!def) return `unknown metric '${metric}' (\`swarmbench scenarios metrics\` lists them)`;
  const bound = parseBound(def.unit, boundText);
  if (typeof bound === 'string') return `bound '${boundText}' for ${metric}: expected ${bound}`;
  return { expr: expr.trim(), metric, op, bound, unit: def.unit };
}

/** The scenario's SLOs that parse (validate has refused a file with one that does not). */
export function parseSlos(exprs: readonly string[]): Slo[] {
  return exprs.map(parseSlo).filter((s): s is Slo => typeof s !== 'string');
}

function compare(value: number, op: SloOp, bound: number): boolean {
  const eps = 1e-9 * Math.max(1, Math.abs(bound));
  switch (op) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound + eps;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound - eps;
    case '==':
      return Math.abs(value - bound) <= eps;
    case '!=':
      return Math.abs(value - bound) > eps;
  }
}

export function evaluateSlos(slos: Slo[], metrics: Record<string, number | undefined>): SloResult[] {
  return slos.map((s) => {
    const value = metrics[s.metric];
    const hasValue = typeof value === 'number' && Number.isFinite(value);
    return {
      expr: s.expr,
      metric: s.metric,
      op: s.op,
      bound: s.bound,
      value: hasValue ? value : null,
      unit: s.unit,
      verdict: !hasValue ? 'no-data' : compare(value, s.op, s.bound) ? 'pass' : 'fail',
    };
  });
}

/** "tasks.startup_latency.p99 = 12.3s (< 30s): pass" */
export function describeSlo(r: SloResult): string {
  const fmt = (v: number) =>
    r.unit === 'ms'
      ? `${(v / 1000).toFixed(v < 10_000 ? 2 : 1)}s`
      : r.unit === 'ratio'
        ? v.toFixed(4)
        : `${Math.round(v * 100) / 100}`;
  const value = r.value === null ? 'no data' : fmt(r.value);
  return `${r.metric} = ${value} (${r.op} ${fmt(r.bound)}): ${r.verdict}`;
}
