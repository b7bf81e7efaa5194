// Label filters in the engine's syntax: {"a": "x", "b": undefined} -> ["a=x", "b"] (b: any value).
export function labelFilter(labels: Record<string, string | undefined>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
}
