// How numbers with units are written in every report and table, so "1.42 s" reads the same in
// report.html, report.md, junit.xml and the compare table.
import { formatBytes } from '../util/duration.js';

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A value in its base unit (ms for durations), written for people. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      if (Math.abs(value) >= 60_000) return `${trim(value / 60_000, 2)} min`;
      if (Math.abs(value) >= 1000) return `${trim(value / 1000, 2)} s`;
      return `${trim(value, 1)} ms`;
    case 'bytes':
      return formatBytes(value);
    case '%':
    case 'percent':
      return `${trim(value, 1)} %`;
    case 'per_s':
      return `${trim(value, 2)} /s`;
    case 'count':
      return trim(value, Number.isInteger(value) ? 0 : 2);
    case 'ratio':
      return trim(value, 4);
    case '':
      return trim(value, 3);
    default:
      return `${trim(value, Math.abs(value) >= 100 ? 0 : 2)} ${unit}`;
  }
}

/** A relative change as "+12.3 %"; "new" when the baseline was zero. */
export function formatChange(fraction: number | null): string {
  if (fraction === null) return '—';
  if (!Number.isFinite(fraction)) return fraction > 0 ? '+∞' : '−∞';
  const pct = fraction * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

/** Milliseconds since the run's start as "m:ss" for axis-free text (tables, timelines). */
export function formatOffset(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
