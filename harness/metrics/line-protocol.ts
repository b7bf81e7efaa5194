// InfluxDB line protocol, the format of metrics.lp: encode points as they are recorded, and
// decode the file again for reports. Times are written in milliseconds (precision=ms).
// Decoding has two paths with one result: walking every character to honour escapes costs
// ~40 µs a line, minutes for a Swarm3k-sized run, so lines without a backslash (nearly all of
// them) are split with indexOf instead, and anything unusual goes the careful way.
import type { FieldValue, Point } from './measurements.js';

const escapeKey = (s: string) => s.replace(/[,= \\]/g, (c) => `\\${c}`);
const escapeMeasurement = (s: string) => s.replace(/[, \\]/g, (c) => `\\${c}`);
const escapeString = (s: string) => s.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

function encodeField(name: string, value: FieldValue, ints: readonly string[] | undefined): string {
  if (typeof value === 'string') return `"${escapeString(value)}"`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (ints?.includes(name)) return `${Math.round(value)}i`;
  return Number.isFinite(value) ? String(value) : '0';
}

export function encodePoint(p: Point): string {
  const tags = Object.keys(p.tags)
    .filter((k) => p.tags[k] !== '' && p.tags[k] !== undefined)
    .sort()
    .map((k) => `,${escapeKey(k)}=${escapeKey(p.tags[k]!)}`)
    .join('');
  const fields = Object.entries(p.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${escapeKey(k)}=${encodeField(k, v, p.intFields)}`)
    .join(',');
  return `${escapeMeasurement(p.measurement)}${tags} ${fields} ${Math.round(p.timeMs)}`;
}

/** Splits on sep outside quotes and escapes. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

function decodeField(raw: string): { value: FieldValue; int: boolean } {
  if (raw.startsWith('"'))
    return { value: raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)), int: false };
  if (raw === 'true' || raw === 't' || raw === 'T') return { value: true, int: false };
  if (raw === 'false' || raw === 'f' || raw === 'F') return { value: false, int: false };
  if (raw.endsWith('i')) return { value: Number(raw.slice(0, -1)), int: true };
  return { value: Number(raw), int: false };
}

/** decodeLine's careful path, character by character; exported so that a test can hold the fast
 *  path to it. */
export function decodeLineSlow(line: string): Point | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const parts = splitUnescaped(trimmed, ' ');
  if (parts.length < 3) return undefined;
  const [head, fieldPart, timePart] = parts as [string, string, string];
  const [measurement, ...tagPairs] = splitUnescaped(head, ',');
  const tags: Record<string, string> = {};
  for (const pair of tagPairs) {
    const [k, v] = splitUnescaped(pair, '=');
    if (k !== undefined && v !== undefined) tags[unescape(k)] = unescape(v);
  }
  const fields: Record<string, FieldValue> = {};
  const intFields: string[] = [];
  for (const pair of splitUnescaped(fieldPart, ',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    const name = unescape(pair.slice(0, eq));
    const { value, int } = decodeField(pair.slice(eq + 1));
    fields[name] = value;
    if (int) intFields.push(name);
  }
  const timeMs = Number(timePart);
  if (!measurement || !Number.isFinite(timeMs)) return undefined;
  return { measurement: unescape(measurement), tags, fields, timeMs, intFields };
}

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

/** Decodes one line; returns undefined for blank lines, comments and lines that do not parse. */
export function decodeLine(line: string): Point | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return undefined;
  if (t.includes('\\')) return decodeLineSlow(line);
  const s1 = indexOutsideQuotes(t, ' ', 0);
  const s2 = s1 === -1 ? -1 : indexOutsideQuotes(t, ' ', s1 + 1);
  // Exactly three space-separated parts, or let the careful path decide what it means.
  if (s1 <= 0 || s2 === -1 || t.indexOf(' ', s2 + 1) !== -1) return decodeLineSlow(line);
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
    const { value, int } = decodeField(pair.slice(eq + 1));
    fields[name] = value;
    if (int) intFields.push(name);
    start = end + 1;
  }
  if (!measurement || !Number.isFinite(timeMs)) return undefined;
  return { measurement, tags, fields, timeMs, intFields };
}

export function decodeLines(text: string): Point[] {
  const out: Point[] = [];
  for (const line of text.split('\n')) {
    const p = decodeLine(line);
    if (p) out.push(p);
  }
  return out;
}
