// Reads a scenario's YAML keeping where every key and value sits in the file, so that any later
// error (schema, parameter, SLO) can point at file:line:column.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';

export type Path = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface Issue {
  file: string;
  line: number;
  column: number;
  /** The key at fault, as a path: "steps[2].service.scale.replicas". */
  key: string;
  message: string;
}

export interface ParsedFile {
  file: string;
  text: string;
  /** The document as plain data; undefined when it could not be parsed. */
  data: unknown;
  /** Where the value at a path starts, and where its key starts (for map entries). */
  positionOf(path: Path, prefer?: 'key' | 'value'): Position;
  issues: Issue[];
}

const keyOf = (path: Path) => JSON.stringify(path);

/** "steps[2].service.scale.replicas" */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

export function formatIssue(i: Issue): string {
  // Issues from the command line (`--set`, `--nodes`) have no position in the file.
  if (i.line === 0) return `${i.file}: ${i.message}`;
  return `${i.file}:${i.line}:${i.column}: ${i.key}: ${i.message}`;
}

export function parseScenarioText(file: string, text: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const at = (offset: number): Position => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };

  const walk = (node: Node | null | undefined, path: (string | number)[]) => {
    if (!node) return;
    if (node.range) values.set(keyOf(path), at(node.range[0]));
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = [...path, k];
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) {
          keys.set(keyOf(child), at(keyNode.range[0]));
          // A key with no value (`replicas:`) still has a place: its key.
          if (!values.has(keyOf(child))) values.set(keyOf(child), at(keyNode.range[0]));
        }
        walk(pair.value as Node | null, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, [...path, i]));
    }
  };
  walk(doc.contents as Node | null, []);

  const issues: Issue[] = [...doc.errors, ...doc.warnings].map((e) => {
    const pos = e.linePos?.[0];
    return {
      file,
      line: pos?.line ?? 1,
      column: pos?.col ?? 1,
      key: '(yaml)',
      message: e.message.split('\n')[0]!,
    };
  });

  const positionOf = (path: Path, prefer: 'key' | 'value' = 'value'): Position => {
    // The nearest recorded ancestor answers for paths that are not in the file (a missing key).
    for (let n = path.length; n >= 0; n--) {
      const k = keyOf(path.slice(0, n));
      const found = (prefer === 'key' && n === path.length ? keys.get(k) : undefined) ?? values.get(k) ?? keys.get(k);
      if (found) return found;
    }
    return { line: 1, column: 1 };
  };

  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      // The parser's own guards (an alias expanded past MAX_ALIAS_COUNT: a "billion laughs"
      // file) are mistakes in the file like any other: said at the first alias, exit 2.
      issues.push(yamlIssue(file, doc, lines, err));
    }
  }
  return { file, text, data, positionOf, issues };
}

/** How many times aliases may be expanded in one file: far more than any scenario uses them. */
export const MAX_ALIAS_COUNT = 100;

function yamlIssue(file: string, doc: Document, lines: LineCounter, err: unknown): Issue {
  let first: Position | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) {
        const p = lines.linePos(node.range[0]);
        first = { line: p.line, column: p.col };
      }
      return visit.BREAK;
    },
  });
  const why = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  const message = /alias/i.test(why)
    ? `YAML aliases expand past ${MAX_ALIAS_COUNT} copies (${why}); write the values out, or use parameters and repeat`
    : `YAML: ${why}`;
  return { file, line: first?.line ?? 1, column: first?.column ?? 1, key: '(yaml)', message };
}

export function issueAt(parsed: ParsedFile, path: Path, message: string, prefer: 'key' | 'value' = 'value'): Issue {
  const pos = parsed.positionOf(path, prefer);
  return { file: parsed.file, line: pos.line, column: pos.column, key: formatPath(path), message };
}
