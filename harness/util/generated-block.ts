// Parts of hand-written documents that are generated from code (the metric table of
// docs/metrics.md, the step table of scenarios/README.md) sit between two HTML comments, so the
// prose around them stays hand-written and a test can tell when the generated part is stale.

const begin = (name: string) => `<!-- generated:${name} (do not edit by hand) -->`;
const end = (name: string) => `<!-- /generated:${name} -->`;

/** The text with the block `name` replaced by content; throws when the markers are missing. */
export function replaceBlock(text: string, name: string, content: string): string {
  const b = text.indexOf(begin(name));
  const e = text.indexOf(end(name));
  if (b < 0 || e < b) throw new Error(`no generated block "${name}" (markers ${begin(name)} … ${end(name)})`);
  return `${text.slice(0, b + begin(name).length)}\n${content.trimEnd()}\n${text.slice(e)}`;
}

/** The block's current content, for staleness tests. */
export function blockOf(text: string, name: string): string | undefined {
  const b = text.indexOf(begin(name));
  const e = text.indexOf(end(name));
  return b < 0 || e < b ? undefined : text.slice(b + begin(name).length + 1, e).trimEnd();
}
