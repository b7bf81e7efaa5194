// InfluxDB line protocol, the format of metrics.lp: encode points as they are recorded, and
// decode the file again for reports. Times are written in milliseconds (precision=ms).
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
  if (raw.startsWith('"')) return { value: raw.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)), int: false };
  if (raw === 'true' || raw === 't' || raw === 'T') return { value: true, int: false };
  if (raw === 'false' || raw === 'f' || raw === 'F') return { value: false, int: false };
  if (raw.endsWith('i')) return { value: Number(raw.slice(0, -1)), int: true };
  return { value: Number(raw), int: false };
}

/** Decodes one line; returns undefined for blank lines, comments and lines that do not parse. */
export function decodeLine(line: string): Point | undefined {
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

export function decodeLines(text: string): Point[] {
  const out: Point[] = [];
  for (const line of text.split('\n')) {
    const p = decodeLine(line);
    if (p) out.push(p);
  }
  return out;
}
