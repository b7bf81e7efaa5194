// The building blocks of the scenario schema: value shapes (int, duration, choice, …) in both
// flavours, the editor's (a scalar may still be a `${param}` reference) and the strict one (after
// substitution). schema.ts and every step plug-in build their fragments from these, so a step's
// keys read the same in schema.json, in validate's messages and in editors.

export type JsonSchema = { [key: string]: unknown };

/** Matches a scalar that is exactly one parameter reference: "${replicas}". */
export const PARAM_REF_PATTERN = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$';
/** "90s", "1m30s", "250ms", "2h"; bare numbers are seconds. */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|m|h))+$';
/** A step's name, a service's name: what swarm accepts, plus ${param} interpolation. */
const NAME_PATTERN = '^([a-zA-Z0-9][a-zA-Z0-9_.-]*|.*\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}.*)$';

export interface Flavour {
  /** Scalars may be `${param}` strings (the file as written). */
  params: boolean;
}

export function scalar(f: Flavour, base: JsonSchema, title: string): JsonSchema {
  if (!f.params) return { ...base, title };
  return { title: `${title}, or \${param}`, anyOf: [base, { type: 'string', pattern: PARAM_REF_PATTERN }] };
}

export const int = (f: Flavour, minimum = 0) => scalar(f, { type: 'integer', minimum }, `an integer >= ${minimum}`);
export const fraction = (f: Flavour) =>
  scalar(f, { type: 'number', exclusiveMinimum: 0, maximum: 1 }, 'a number in (0, 1]');
export const bool = (f: Flavour) => scalar(f, { type: 'boolean' }, 'true or false');
export const duration = (f: Flavour) =>
  scalar(
    f,
    {
      anyOf: [
        { type: 'number', minimum: 0 },
        { type: 'string', pattern: DURATION_PATTERN },
      ],
    },
    'a duration such as 90s, 1m30s, 250ms (a bare number is seconds)',
  );
export const choice = (f: Flavour, values: string[]) =>
  scalar(
    f,
    { enum: values },
    values
      .map((v) => `'${v}'`)
      .join(', ')
      .replace(/, ([^,]*)$/, ' or $1'),
  );
export const name = (title = 'a name (letters, digits, _ . -)') => ({ type: 'string', pattern: NAME_PATTERN, title });
export const text = (title = 'a string') => ({ type: 'string', title });
export const env = () => ({
  type: 'object',
  title: 'a map of NAME: value',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
});

/** A closed object: only the listed keys. Step bodies and nested objects (ports) use it. */
export function body(
  properties: Record<string, JsonSchema>,
  required: readonly string[],
  description: string,
): JsonSchema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}
