// What a comparison is asked for: the regression threshold and the gate patterns, as `compare`,
// `run --baseline` and `report --baseline` take them. No imports: the CLI reads these when it
// defines its options, and `--help` must not load the comparison itself.

/** A regression is a move in the worse direction by more than this fraction (10 %). */
export const DEFAULT_THRESHOLD = 0.1;

/** `--gate a,b --gate c` -> [a, b, c]; nothing -> undefined (the default gate). */
export function parseGate(values: readonly string[] | undefined): string[] | undefined {
  const list = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

/** Parses "10%", "10", "0.1" (a fraction when below 1 without a % sign) into a fraction. */
export function parseThreshold(input: string | number): number | undefined {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  if (m[2] === '%' || v >= 1) return v / 100;
  return v;
}
