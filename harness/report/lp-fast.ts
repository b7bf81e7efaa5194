// A fast path for reading metrics.lp: the shared codec (metrics/line-protocol.ts) walks every
// character to honour escapes, which costs ~40 µs a line, minutes for a Swarm3k-sized run. Lines
// without a backslash (nearly all of them) are split with indexOf here instead; anything unusual
// goes to the shared decoder, so the result is always the one decodeLine gives.
import { decodeLine } from '../metrics/line-protocol.js';
import type { FieldValue, Point } from '../metrics/measurements.js';

/** Index of the next `ch` at or after `from` outside double quotes, or -1. */
function indexOutsideQuotes(s: string, ch: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const next = s.indexOf(ch, i);
    const quote = s.indexOf('"', i);
    if (next === -1) return -1;
    if (quote === -1 || next < quote) return next;
    const close = s.indexOf('"', quote + 1);
    if (close === -1) return -1;
    i = close + 1;
  }
  return -1;
}

function fieldValue(raw: string): { value: FieldValue; int: boolean } {
  if (raw.startsWith('"')) return { value: raw.slice(1, -1), int: false };
  if (raw === 'true' || raw === 't' || raw === 'T') return { value: true, int: false };
  if (raw === 'false' || raw === 'f' || raw === 'F') return { value: false, int: false };
  if (raw.endsWith('i')) return { value: Number(raw.slice(0, -1)), int: true };
  return { value: Number(raw), int: false };
}

export function decodeLineFast(line: string): Point | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  if (t.includes('\\')) return decodeLine(line);
  const s1 = indexOutsideQuotes(t, ' ', 0);
  const s2 = s1 === -1 ? -1 : indexOutsideQuotes(t, ' ', s1 + 1);
  // Exactly three space-separated parts, or let the shared decoder decide what it means.
  if (s1 <= 0 || s2 === -1 || t.indexOf(' ', s2 + 1) !== -1) return decodeLine(line);
  const head = t.slice(0, s1);
  const fieldPart = t.slice(s1 + 1, s2);
  const timeMs = Number(t.slice(s2 + 1));
  const [measurement, ...tagPairs] = head.split(',');
  const tags: Record<string, string> = {};
  for (const pair of tagPairs) {
    const [k, v] = pair.split('=');
    if (k !== undefined && v !== undefined) tags[k] = v;
  }
  const fields: Record<string, FieldValue> = {};
  const intFields: string[] = [];
  let start = 0;
  while (start <= fieldPart.length) {
    let end = fieldPart.includes('"') ? indexOutsideQuotes(fieldPart, ',', start) : fieldPart.indexOf(',', start);
    if (end === -1) end = fieldPart.length;
    const pair = fieldPart.slice(start, end);
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const name = pair.slice(0, eq);
    const { value, int } = fieldValue(pair.slice(eq + 1));
    fields[name] = value;
    if (int) intFields.push(name);
    start = end + 1;
  }
  if (!measurement || !Number.isFinite(timeMs)) return undefined;
  return { measurement, tags, fields, timeMs, intFields };
}
