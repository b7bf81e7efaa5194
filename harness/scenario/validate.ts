// Checks scenario data against the schema with ajv (all errors at once) and turns ajv's errors
// into one sentence per mistake, at the file position of the key at fault: what was found and
// what was expected. ajv reports every branch of an anyOf/oneOf; people want one line each.
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { AJV_OPTIONS } from './ajv-options.js';
import { issueAt, type Issue, type ParsedFile, type Path } from './parse.js';
import { scenarioSchema } from './schema.js';
import type { JsonSchema } from './schema-kit.js';
import { editor, strict } from './schema-validators.generated.js';
import { onlyBuiltinSteps, registryVersion, stepTypes } from './steps/registry.js';

const compiled = new Map<boolean, ValidateFunction>();
let compiledFor = -1;

function validator(params: boolean): ValidateFunction {
  // The built-in steps' validators are precompiled (precompile.ts): no ajv compile at start-up.
  if (onlyBuiltinSteps()) return (params ? editor : strict) as ValidateFunction;
  // A step type registered since (tests do that) changes the schema: compile it here.
  if (compiledFor !== registryVersion()) {
    compiled.clear();
    compiledFor = registryVersion();
  }
  let v = compiled.get(params);
  if (!v) {
    // Loaded only on this path: ajv itself costs a start-up what the precompiled code saves.
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
    v = new Ajv(AJV_OPTIONS).compile(scenarioSchema({ params }));
    compiled.set(params, v);
  }
  return v;
}

function toPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const titleOf = (schema: unknown): string | undefined =>
  (schema as JsonSchema | undefined)?.title as string | undefined;

/**
 * Validates data; `params: true` accepts `${param}` references (the file as written).
 * `mapPath` lets the caller point errors in derived data (expanded repeats) back into the file.
 */
export function validateAgainstSchema(
  parsed: ParsedFile,
  data: unknown,
  opts: { params: boolean; mapPath?: (p: Path) => Path; context?: (p: Path) => string },
): Issue[] {
  const validate = validator(opts.params);
  if (validate(data)) return [];
  const errors = (validate.errors ?? []) as ErrorObject[];
  const mapPath = opts.mapPath ?? ((p: Path) => p);

  // Alternatives (anyOf/oneOf) own every error below them: keep only the alternative's own error.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const owned = (e: ErrorObject) =>
    alternatives.some(
      (a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath.startsWith(a.instancePath),
    );
  const kept = errors.filter((e) => !owned(e));
  const unknownKeyAt = new Set(kept.filter((e) => e.keyword === 'additionalProperties').map((e) => e.instancePath));

  const types = stepTypes();
  const issues: Issue[] = [];
  for (const e of kept) {
    const raw = toPath(e.instancePath);
    const path = mapPath(raw);
    const suffix = opts.context?.(raw) ?? '';
    const isStep = raw.length === 2 && raw[0] === 'steps' && typeof raw[1] === 'number';
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = String((e.params as { additionalProperty: string }).additionalProperty);
        const allowed = Object.keys(((e.parentSchema as JsonSchema).properties as JsonSchema | undefined) ?? {});
        const message = isStep
          ? `unknown step '${extra}'; expected one of: ${types.join(', ')}`
          : `unknown key '${extra}'; expected one of: ${allowed.join(', ')}`;
        issues.push(issueAt(parsed, [...path, extra], message + suffix, 'key'));
        break;
      }
      case 'required': {
        const missing = String((e.params as { missingProperty: string }).missingProperty);
        const props = (e.parentSchema as JsonSchema).properties as Record<string, JsonSchema> | undefined;
        const what = titleOf(props?.[missing]);
        const issue = issueAt(parsed, path, `missing required key '${missing}'${what ? ` (${what})` : ''}${suffix}`);
        issues.push({ ...issue, key: issue.key === '(top level)' ? missing : `${issue.key}.${missing}` });
        break;
      }
      case 'oneOf': {
        if (isStep) {
          if (unknownKeyAt.has(e.instancePath)) break; // "unknown step" already says it
          const present = types.filter((t) => Object.hasOwn((e.data ?? {}) as object, t));
          const message =
            present.length > 1
              ? `a step has exactly one type; found ${present.join(' and ')}`
              : `missing step type; expected one of: ${types.join(', ')}`;
          issues.push(issueAt(parsed, path, message + suffix));
          break;
        }
        issues.push(
          issueAt(
            parsed,
            path,
            `expected ${titleOf(e.parentSchema) ?? 'one of the allowed forms'}, got ${show(e.data)}${suffix}`,
          ),
        );
        break;
      }
      case 'propertyNames':
        break; // reported by the pattern error on the name itself
      default: {
        const expected = titleOf(e.parentSchema) ?? e.message ?? 'a different value';
        if (e.keyword === 'pattern' && e.propertyName !== undefined) {
          issues.push(
            issueAt(
              parsed,
              [...path, e.propertyName],
              `'${e.propertyName}' is not a valid name (letters, digits, _)`,
              'key',
            ),
          );
          break;
        }
        issues.push(issueAt(parsed, path, `expected ${expected}, got ${show(e.data)}${suffix}`));
      }
    }
  }
  return dedupe(issues);
}

export function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.line}:${i.column}:${i.key}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
