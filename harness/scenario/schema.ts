// The scenario language's JSON Schema, built in one place. Two flavours come from the same
// builder: the editor schema (published as scenarios/schema.json, and used to check a file as
// written, where any scalar may still be a `${param}` reference) and the strict schema (used
// after parameters are substituted, where every value has its final type).

export type JsonSchema = { [key: string]: unknown };

export const SCHEMA_ID = 'https://swarmbench.dev/schemas/scenario.json';

/** Matches a scalar that is exactly one parameter reference: "${replicas}". */
export const PARAM_REF_PATTERN = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$';
/** "90s", "1m30s", "250ms", "2h"; bare numbers are seconds. */
export const DURATION_PATTERN = '^(\\d+(\\.\\d+)?(ms|s|m|h))+$';
/** A step's name, a service's name: what swarm accepts, plus ${param} interpolation. */
const NAME_PATTERN = '^([a-zA-Z0-9][a-zA-Z0-9_.-]*|.*\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}.*)$';

export const STEP_TYPES = [
  'service.create', 'service.scale', 'service.update', 'service.remove', 'wait.converged', 'sleep',
  'nodes.add', 'nodes.remove', 'chaos', 'http.load', 'mark',
] as const;

interface Flavour {
  /** Scalars may be `${param}` strings (the file as written). */
  params: boolean;
}

function scalar(f: Flavour, base: JsonSchema, title: string): JsonSchema {
  if (!f.params) return { ...base, title };
  return { title: `${title}, or \${param}`, anyOf: [base, { type: 'string', pattern: PARAM_REF_PATTERN }] };
}

const int = (f: Flavour, minimum = 0) =>
  scalar(f, { type: 'integer', minimum }, `an integer >= ${minimum}`);
const fraction = (f: Flavour) =>
  scalar(f, { type: 'number', exclusiveMinimum: 0, maximum: 1 }, 'a number in (0, 1]');
const bool = (f: Flavour) => scalar(f, { type: 'boolean' }, 'true or false');
const duration = (f: Flavour) =>
  scalar(
    f,
    { anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: DURATION_PATTERN }] },
    'a duration such as 90s, 1m30s, 250ms (a bare number is seconds)',
  );
const choice = (f: Flavour, values: string[]) =>
  scalar(f, { enum: values }, values.map((v) => `'${v}'`).join(', ').replace(/, ([^,]*)$/, ' or $1'));
const name = (title = 'a name (letters, digits, _ . -)') => ({ type: 'string', pattern: NAME_PATTERN, title });
const text = (title = 'a string') => ({ type: 'string', title });
const env = () => ({
  type: 'object',
  title: 'a map of NAME: value',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
});

function body(properties: Record<string, JsonSchema>, required: string[], description: string): JsonSchema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

function stepBodies(f: Flavour): Record<(typeof STEP_TYPES)[number], JsonSchema> {
  const wait = bool(f);
  const timeout = duration(f);
  return {
    'service.create': body(
      {
        name: name(),
        image: text("'alpine', 'nginx' (the cluster's catalog images) or a full image reference"),
        command: { type: 'array', items: { type: 'string' }, title: 'a list of strings' },
        replicas: int(f),
        mode: choice(f, ['replicated', 'global']),
        env: env(),
        publish: {
          type: 'array',
          title: 'a list of {target, published} ports',
          items: body({ target: int(f, 1), published: int(f, 1) }, ['target', 'published'], 'a published port'),
        },
        wait,
        timeout,
        maxPerNode: int(f, 1),
        on: choice(f, ['any', 'hollow', 'real']),
      },
      ['name', 'image'],
      'Creates a service on the inner swarm (and waits until it converged unless wait: false).',
    ),
    'service.scale': body(
      { service: name(), replicas: int(f), wait, timeout },
      ['service', 'replicas'],
      'Scales a service; the rate of tasks reaching running is measured until it converged.',
    ),
    'service.update': body(
      { service: name(), image: text(), env: env(), parallelism: int(f), delay: duration(f), wait, timeout },
      ['service'],
      'Rolling update of image and/or environment, with parallelism and delay between batches.',
    ),
    'service.remove': body({ service: name() }, ['service'], 'Removes a service.'),
    'wait.converged': body(
      { service: name("a service name or 'all'"), timeout },
      ['service'],
      'Waits until the service (or every service) runs all its tasks on Ready nodes.',
    ),
    sleep: body({ duration: duration(f) }, ['duration'], 'Waits a fixed time (steady state, cool-down).'),
    'nodes.add': body({ count: int(f, 1), timeout }, ['count'], 'Adds dind worker nodes and waits until they are Ready.'),
    'nodes.remove': body({ count: int(f, 1), drain: bool(f) }, ['count'], 'Removes worker nodes (drained first by default).'),
    chaos: body(
      {
        action: choice(f, ['restart', 'kill', 'pause', 'disconnect']),
        target: choice(f, ['workers', 'hollow', 'leader']),
        fraction: fraction(f),
        count: int(f, 1),
        duration: duration(f),
        service: name(),
        timeout,
      },
      ['action'],
      'Restarts, kills, pauses or disconnects seeded-random workers (or kills the leader) and measures recovery.',
    ),
    'http.load': body(
      {
        service: name(),
        port: int(f, 1),
        duration: duration(f),
        concurrency: int(f, 1),
        path: text(),
      },
      ['service', 'port', 'duration'],
      'HTTP load from a client on the cluster overlay against the published port of every node.',
    ),
    mark: body({ name: text() }, ['name'], 'A named point in time that the report draws.'),
  };
}

function stepSchema(f: Flavour): JsonSchema {
  const bodies = stepBodies(f);
  return {
    type: 'object',
    title: 'a step: one of ' + STEP_TYPES.join(', '),
    properties: {
      name: text('a step name (shown in logs and reports)'),
      if: { ...bool(f), description: 'Run the step only when true (typically a ${param}).' },
      repeat: {
        type: 'object',
        title: 'repeat: {values: [...]} or {ramp: {to, steps}}, with optional as: name',
        description: 'Runs the step once per value; the value is ${value} (or ${<as>}) inside the step.',
        properties: {
          values: f.params
            ? { title: 'a list, or ${param}', anyOf: [{ type: 'array', minItems: 1 }, { type: 'string', pattern: PARAM_REF_PATTERN }] }
            : { type: 'array', minItems: 1, title: 'a non-empty list' },
          ramp: {
            type: 'object',
            title: 'a ramp: {to, steps, from}',
            description: 'Evenly spaced whole numbers from (exclusive, default 0) up to to (inclusive), in steps.',
            properties: { from: int(f), to: int(f, 1), steps: int(f, 1) },
            required: ['to', 'steps'],
            additionalProperties: false,
          },
          as: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', title: 'a variable name (default: value)' },
        },
        oneOf: [{ required: ['values'] }, { required: ['ramp'] }],
        additionalProperties: false,
      },
      ...bodies,
    },
    additionalProperties: false,
    oneOf: STEP_TYPES.map((t) => ({ required: [t] })),
  };
}

const paramValue = { type: ['number', 'string', 'boolean', 'array'], title: 'a number, string, boolean or list' };

export function scenarioSchema(opts: { params: boolean }): JsonSchema {
  const f: Flavour = { params: opts.params };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'swarmbench scenario',
    type: 'object',
    properties: {
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', title: 'a lower-case name (letters, digits, -)' },
      description: text(),
      params: {
        type: 'object',
        title: 'a map of parameter name: {default, type, description}',
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
        additionalProperties: {
          type: 'object',
          title: 'a parameter: {default, type, description}',
          properties: {
            default: paramValue,
            type: {
              enum: ['integer', 'number', 'duration', 'boolean', 'string', 'list'],
              title: "'integer', 'number', 'duration', 'boolean', 'string' or 'list'",
            },
            description: text(),
          },
          required: ['default'],
          additionalProperties: false,
        },
      },
      cluster: {
        type: 'object',
        title: 'the cluster the scenario needs: {nodes, managers, hollow}',
        properties: { nodes: int(f, 1), managers: int(f, 1), hollow: int(f) },
        additionalProperties: false,
      },
      steps: { type: 'array', minItems: 1, title: 'a non-empty list of steps', items: stepSchema(f) },
      slos: {
        type: 'array',
        title: "a list of 'metric op bound' expressions",
        items: { type: 'string', pattern: '^\\s*[a-z][a-z0-9_.]*\\s*(<=|>=|==|!=|<|>)\\s*\\S+\\s*$', title: "'metric op bound', e.g. 'chaos.tasks_lost == 0'" },
      },
    },
    required: ['name', 'steps'],
    additionalProperties: false,
  };
}

/** The published editor schema, exactly as scenarios/schema.json holds it. */
export function schemaFileText(): string {
  return `${JSON.stringify(scenarioSchema({ params: true }), null, 2)}\n`;
}
