// The run directory: its id, the resolved scenario and seed written at the start, and run.json
// rewritten (atomically) at every step, so a run killed half-way leaves a readable partial record.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RunRecord } from '../run-record.js';
import { redactValue } from '../util/redact.js';
import type { ResolvedScenario } from './types.js';

export const RUN_FILE = 'run.json';
export const RESOLVED_FILE = 'scenario.yaml';
export const SEED_FILE = 'seed';
export const LOG_FILE = 'run.log';

/** "alpine-top-scale-20261122-061500-3fa2": sorts by time, unique across parallel runs. */
export function newRunId(scenario: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${scenario}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The scenario with every parameter filled in and repeats expanded: replayable as it ran. */
export function resolvedYaml(s: ResolvedScenario, seed: number): string {
  const doc = {
    name: s.name,
    description: s.description || undefined,
    params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, { default: v }])),
    cluster: s.cluster,
    steps: s.steps.map((step) => ({ name: step.name, [step.type]: step.body })),
    slos: s.slos.length ? s.slos : undefined,
    validity: s.validity,
    imageCache: s.imageCache,
  };
  return `# Resolved from ${s.file} (seed ${seed}): every parameter filled in, repeats expanded.\n${stringify(doc, { lineWidth: 0 })}`;
}

export class RunDir {
  constructor(readonly path: string) {
    mkdirSync(path, { recursive: true });
  }

  get logFile(): string {
    return join(this.path, LOG_FILE);
  }

  writeStart(s: ResolvedScenario, seed: number): void {
    writeFileSync(join(this.path, RESOLVED_FILE), resolvedYaml(s, seed));
    writeFileSync(join(this.path, SEED_FILE), `${seed}\n`);
  }

  writeRecord(record: RunRecord): void {
    const file = join(this.path, RUN_FILE);
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(redactValue(record), null, 2)}\n`);
    renameSync(tmp, file);
  }
}
