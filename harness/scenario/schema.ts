// The scenario language's JSON Schema, built in one place. Two flavours come from the same
// builder: the editor schema (published as scenarios/schema.json, and used to check a file as
// written, where any scalar may still be a `${param}` reference) and the strict schema (used
// after parameters are substituted, where every value has its final type). The step bodies come
// from the step registry (steps/registry.ts); the value shapes from schema-kit.ts.

import {
  body,
  bool,
  choice,
  duration,
  fraction,
  int,
  PARAM_REF_PATTERN,
  scalar,
  text,
  type Flavour,
  type JsonSchema,
} from './schema-kit.js';
import { stepPlugins, stepTypes } from './steps/registry.js';

export const SCHEMA_ID = 'https://swarmbench.dev/schemas/scenario.json';

/** Each registered step's body: the plug-in's keys in a closed object with its description. */
function stepBodies(f: Flavour): Record<string, JsonSchema> {
  return Object.fromEntries(
    stepPlugins().map((p) => {
      const s = p.schema(f);
      return [p.type, body(s.properties, s.required, p.description)];
    }),
  );
}

function stepSchema(f: Flavour): JsonSchema {
  const bodies = stepBodies(f);
  const types = stepTypes();
  return {
    type: 'object',
    title: 'a step: one of ' + types.join(', '),
    properties: {
      name: text('a step name (shown in logs and reports)'),
      if: { ...bool(f), description: 'Run the step only when true (typically a ${param}).' },
      repeat: {
        type: 'object',
        title: 'repeat: {values: [...]} or {ramp: {to, steps}}, with optional as: name',
        description: 'Runs the step once per value; the value is ${value} (or ${<as>}) inside the step.',
        properties: {
          values: f.params
            ? {
                title: 'a list, or ${param}',
                anyOf: [
                  { type: 'array', minItems: 1 },
                  { type: 'string', pattern: PARAM_REF_PATTERN },
                ],
              }
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
    oneOf: types.map((t) => ({ required: [t] })),
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
        title: 'the cluster the scenario needs: {nodes, managers, hollow, swarm}',
        properties: {
          nodes: int(f, 1),
          managers: int(f, 1),
          hollow: int(f),
          swarm: {
            type: 'object',
            title: "Swarm's own settings for the run: {dispatcherHeartbeat, snapshotInterval, taskHistoryLimit}",
            description:
              "Swarm's own knobs that change the managers' load, set for the run and restored after it (docker swarm update): dispatcherHeartbeat (how often workers report, Swarm's default 5s), snapshotInterval (raft log entries between snapshots, default 10000), taskHistoryLimit (old tasks kept per slot, default 5). The values in force are recorded in run.json either way.",
            properties: { dispatcherHeartbeat: duration(f), snapshotInterval: int(f, 1), taskHistoryLimit: int(f) },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      steps: { type: 'array', minItems: 1, title: 'a non-empty list of steps', items: stepSchema(f) },
      slos: {
        type: 'array',
        title: "a list of 'metric op bound' expressions",
        items: {
          type: 'string',
          pattern: '^\\s*[a-z][a-z0-9_.]*\\s*(<=|>=|==|!=|<|>)\\s*\\S+\\s*$',
          title: "'metric op bound', e.g. 'chaos.tasks_lost == 0'",
        },
      },
      validity: {
        ...choice(f, ['required', 'advisory']),
        description:
          "What the run's validity verdict does to its exit: required fails a run (exit 1) whose verdict is not valid (host-bound, harness-bound, simulator-bound or unknown); advisory (the default) only states it.",
      },
      imageCache: {
        ...choice(f, ['warm', 'cold']),
        description:
          "The workload images on the real workers before the first step: warm (the default) pulls them on every node; cold removes them again right before it, so each node's first task pulls its image while preparing.",
      },
      search: {
        type: 'object',
        title: 'a breaking-point search: {param, from, step or factor, max, refine, guards, profile}',
        description:
          "Instead of one run at a fixed size, grow the parameter `param` from `from` by `step` (or ×`factor`) up to `max`, one run (probe) per size on one cluster, until an SLO breaks or a guard trips; then `refine` bisection rounds between the last size that held and the first that broke. Every probe takes the managers' Go profiles. The knee (last good, first bad, the SLOs that broke and by how much, the validity verdict there, the managers' top functions either side) goes to knee.json/.md/.html.",
        properties: {
          param: { type: 'string', title: 'the name of an integer scenario parameter' },
          from: int(f),
          step: int(f, 1),
          factor: scalar(f, { type: 'number', exclusiveMinimum: 1 }, 'a number > 1'),
          max: int(f, 1),
          refine: int(f),
          guards: {
            type: 'object',
            title: 'guards that stop the search early: {memFraction, budget}',
            properties: { memFraction: fraction(f), budget: duration(f) },
            additionalProperties: false,
          },
          profile: {
            type: 'object',
            title: "the managers' Go profiles in every probe: {seconds, step}",
            description:
              "Every probe takes CPU and heap profiles of the managers' engines (as run --profile managers), so the sizes either side of the knee always have one. seconds: the CPU profile's length (default: run's --profile-seconds, 30); step: the name of the step it starts with (a repeated step by the name written here: its first repetition; default: the first step), so it covers the load rather than the set-up.",
            properties: { seconds: int(f, 1), step: text('the name of a step') },
            additionalProperties: false,
          },
        },
        required: ['param', 'from', 'max'],
        additionalProperties: false,
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
