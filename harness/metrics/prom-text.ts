// A parser for the part of the Prometheus text exposition format (0.0.4) that a Docker engine's
// /metrics serves: sample lines `name{label="value",…} value [timestamp]`, and `#` lines (HELP,
// TYPE, comments), which it skips. Nothing else (no OpenMetrics exemplars, no families): the
// caller picks samples by name, and a histogram's `_bucket`, `_sum` and `_count` are samples like
// any other. A line it cannot read is skipped, not thrown: one odd line must not lose a scrape.
//
// Ours rather than the parse-prometheus-text-format package: on a real manager scrape that package
// drops the last sample when the text does not end in a newline, reads a non-metric line (our raft
// listing, `64000000 /var/lib/…`) as a metric named `64000000`, returns a histogram's buckets as an
// object keyed by bound (integer-like keys such as "1" and "10" then come first) and merges the
// label sets of one histogram into one; it also brings a dependency and no types.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  /** The sample's value; +Inf, -Inf and NaN as the format writes them. */
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** A sample value as Go's strconv.ParseFloat reads it (which is what the format says). */
export function parsePromValue(s: string): number | undefined {
  const t = s.toLowerCase();
  if (t === 'nan') return Number.NaN;
  if (t === '+inf' || t === 'inf') return Number.POSITIVE_INFINITY;
  if (t === '-inf') return Number.NEGATIVE_INFINITY;
  // Number('') is 0 and Number('0x1f') is 31: neither is a sample value.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

/** `{a="x",b="y\"z"}` from position 0 of s: the labels and where the set ends, or undefined. */
function parseLabels(s: string): { labels: Record<string, string>; end: number } | undefined {
  const labels: Record<string, string> = {};
  let i = 1;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(s.slice(i))?.[0];
    if (!name) return undefined;
    i += name.length;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== '=') return undefined;
    i++;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== '"') return undefined;
    i++;
    let value = '';
    for (;;) {
      const c = s[i];
      if (c === undefined) return undefined;
      i++;
      if (c === '"') break;
      if (c === '\\') {
        const e = s[i++];
        if (e === undefined) return undefined;
        value += e === 'n' ? '\n' : e;
      } else value += c;
    }
    labels[name] = value;
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') return undefined;
  }
}

/** One sample line, or undefined for a line that is not one (comment, blank, garbage). */
export function parsePromLine(line: string): PromSample | undefined {
  const s = line.trim();
  if (s === '' || s.startsWith('#')) return undefined;
  const name = NAME.exec(s)?.[0];
  if (!name) return undefined;
  let rest = s.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (!parsed) return undefined;
    labels = parsed.labels;
    rest = rest.slice(parsed.end);
  }
  if (!/^[ \t]/.test(rest)) return undefined;
  // The value, then an optional timestamp (ignored: the scrape's time is the point's).
  const parts = rest.trim().split(/[ \t]+/);
  if (parts.length > 2) return undefined;
  const value = parsePromValue(parts[0]!);
  return value === undefined ? undefined : { name, labels, value };
}

/** Every sample of an exposition, in order. */
export function parsePromText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const line of text.split('\n')) {
    const sample = parsePromLine(line);
    if (sample) out.push(sample);
  }
  return out;
}
