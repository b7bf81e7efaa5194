// What a step type is: one object that says everything the rest of the harness needs about it
// (its YAML key, schema fragment, README row, meaning checks and how it runs). registry.ts lists
// them; the schema, validate, the meaning checks, the runner and scenarios/README.md's step table
// all read that list, so a step type cannot be known to one of them and missing from another.
import type { Path } from '../parse.js';
import type { Flavour, JsonSchema } from '../schema-kit.js';
import type { StepContext } from './context.js';

/** The keys of a step's body, built with schema-kit's helpers for either flavour. */
export interface StepSchema {
  properties: Record<string, JsonSchema>;
  required: readonly string[];
}

/** A service as the meaning checks see it: created by an earlier step, publishing these ports. */
export interface CheckedService {
  ports: number[];
}

/**
 * What a step's meaning check gets. The checks run over the steps in file order, after repeat
 * expansion, so `services` holds what earlier steps created. Paths are relative to the step's
 * body (`['port']`; `[]` is the body itself).
 */
export interface StepCheck {
  /** Services created so far; a step that creates or removes one updates the map. */
  services: Map<string, CheckedService>;
  cluster: { nodes: number; managers: number; workers: number; hollow: number };
  /** Reports an issue at a key of this step. */
  at(path: Path, message: string): void;
  /** Like `at`, but once per step of the file: a repeated step is checked once per value. */
  once(key: string, path: Path, message: string): void;
  /** Reports the body's `service` key when no earlier step created that service ('all' passes when allowAll). */
  needService(name: string, allowAll?: boolean): void;
}

/** The step as the runner hands it over: its body, and its name and position for records. */
export interface StepRun<B> {
  type: string;
  body: B;
  name: string;
  index: number;
}

export interface StepPlugin<K extends string = string, B = unknown> {
  /** The step's key in the YAML file, e.g. 'service.scale'. */
  readonly type: K;
  /** One line: what the step does (schema.json's description, shown by editors). */
  readonly description: string;
  /** The body's keys; the registry wraps them in a closed object with the description. */
  schema(f: Flavour): StepSchema;
  /** scenarios/README.md's row: the keys (Markdown) and what the step measures (may be empty). */
  readonly doc: { keys: string; measures: string };
  /** Checks that need the rest of the scenario (services created before, cluster size). */
  check?(c: StepCheck, body: B): void;
  // Method syntax on purpose: its parameters are bivariant, so a StepPlugin<'x', XBody> can sit
  // in the registry's list of StepPlugin<string, unknown>. A step whose code reaches Docker
  // imports it here, when it runs: `validate` loads every plug-in and must stay quick.
  run(ctx: StepContext, step: StepRun<B>): Promise<void>;
}

/** The body type a plug-in runs with. */
export type BodyOf<P> = P extends StepPlugin<string, infer B> ? B : never;
