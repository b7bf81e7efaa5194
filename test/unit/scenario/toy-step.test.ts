// The step plug-in contract, end to end: a step type defined here, in the test, reaches
// everything a built-in one does once it is registered: the schema (files using it load, and
// mistakes in it are reported at their line), the meaning checks, the README table and the
// runner. If one of them kept its own list of step types, this would fail.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasurementPlugin } from '../../../harness/metrics/plugin.js';
import { metricNames, registerMeasurement } from '../../../harness/metrics/registry.js';
import { buildReports } from '../../../harness/report/build.js';
import type { RunRecord } from '../../../harness/run-record.js';
import { loadScenario, type LoadOptions } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';
import { StepRecorder } from '../../../harness/scenario/recorder.js';
import { runScenario } from '../../../harness/scenario/runner.js';
import { int } from '../../../harness/scenario/schema-kit.js';
import { scenarioSchema } from '../../../harness/scenario/schema.js';
import { renderStepTable, withStepTable } from '../../../harness/scenario/step-table.js';
import type { StepContext } from '../../../harness/scenario/steps/context.js';
import { runStep } from '../../../harness/scenario/steps/index.js';
import type { StepPlugin } from '../../../harness/scenario/steps/plugin.js';
import { registerStep } from '../../../harness/scenario/steps/registry.js';
import type { ResolvedStep } from '../../../harness/scenario/types.js';
import { silentLogger } from '../../../harness/util/log.js';
import { fakeCluster } from '../../support/fake-cluster.js';

interface ToyWait {
  ms: number;
}

const ran: { name: string; ms: number }[] = [];

const toyWait: StepPlugin<'toy.wait', ToyWait> = {
  type: 'toy.wait',
  description: 'Waits ms milliseconds (a test step).',
  schema: (f) => ({ properties: { ms: int(f) }, required: ['ms'] }),
  doc: { keys: '`ms`', measures: 'nothing' },
  check: (c, b) => {
    if (b.ms > 1000) c.once('ms', ['ms'], `${b.ms} ms is too long for a toy`);
  },
  run: async (ctx, step) => {
    await new Promise((resolve) => setTimeout(resolve, step.body.ms));
    ran.push({ name: step.name, ms: step.body.ms });
    ctx.result.waited_ms = step.body.ms; // into the step's end point in metrics.lp
    ctx.recorder.observe('toy.wait_time', step.body.ms); // a figure a measurement plug-in declares
  },
};

// What the step measures is declared by a measurement plug-in (one name, one meaning), which says
// the step produces it: so SLOs, summary.json and compare know its unit and direction.
const toyWaitTime: MeasurementPlugin = {
  name: 'toy_wait',
  description: 'how long toy.wait steps waited',
  producedBy: 'the toy.wait step',
  points: [],
  metrics: [
    {
      name: 'toy.wait_time',
      shape: 'distribution',
      unit: 'ms',
      better: 'smaller',
      description: "a toy.wait step's wait",
    },
  ],
};

const issuesOf = (lines: string[], opts: LoadOptions = {}) => {
  const r = loadScenario('s.yaml', lines.join('\n'), opts);
  return r.ok ? [] : r.issues.map(formatIssue);
};

let unregister: () => void;
let unregisterMeasurement: () => void;
beforeAll(() => {
  unregister = registerStep(toyWait);
  unregisterMeasurement = registerMeasurement(toyWaitTime);
});
afterAll(() => {
  unregister();
  unregisterMeasurement();
});

describe('a step type registered by a test', () => {
  it('is in the schema: a file using it loads, with parameters', () => {
    const steps = (
      scenarioSchema({ params: true }).properties as {
        steps: { items: { properties: Record<string, { description: string }> } };
      }
    ).steps;
    expect(steps.items.properties['toy.wait']?.description).toBe('Waits ms milliseconds (a test step).');
    const r = loadScenario(
      's.yaml',
      ['name: toy', 'params:', '  pause: {default: 5}', 'steps:', '  - toy.wait: {ms: "${pause}"}'].join('\n'),
      {
        overrides: [['pause', '7']],
      },
    );
    expect(r.ok ? r.scenario.steps.map((s) => [s.type, s.body, s.name]) : r.issues.map(formatIssue)).toEqual([
      ['toy.wait', { ms: 7 }, 'toy.wait'],
    ]);
  });

  it('gets clear schema errors at the right line: unknown key, wrong value, missing key', () => {
    expect(
      issuesOf([
        'name: toy',
        'steps:',
        '  - toy.wait: {ms: 5, seconds: 3}',
        '  - toy.wait: {ms: soon}',
        '  - toy.wait: {}',
      ]),
    ).toEqual([
      "s.yaml:3:23: steps[0].toy.wait.seconds: unknown key 'seconds'; expected one of: ms",
      's.yaml:4:20: steps[1].toy.wait.ms: expected an integer >= 0, or ${param}, got "soon"',
      "s.yaml:5:15: steps[2].toy.wait.ms: missing required key 'ms' (an integer >= 0, or ${param})",
    ]);
    // The list of step types in messages comes from the registry too.
    expect(issuesOf(['name: toy', 'steps:', '  - toy.wiat: {ms: 5}'])[0]).toMatch(
      /unknown step 'toy.wiat'; expected one of: service.create, .*, mark, toy.wait$/,
    );
  });

  it('has its meaning check run, once per place in the file even when repeated', () => {
    expect(
      issuesOf(['name: toy', 'steps:', '  - toy.wait: {ms: "${v}"}', '    repeat: {values: [2000, 3000], as: v}']),
    ).toEqual(['s.yaml:3:20: steps[0].toy.wait.ms: 2000 ms is too long for a toy']);
  });

  it('is a row of the README table', () => {
    expect(renderStepTable().split('\n').at(-1)).toBe('| `toy.wait` | `ms` | nothing |');
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'scenarios', 'README.md'), 'utf8');
    expect(withStepTable(readme)).toContain(
      '| `mark` | `name` | a named time the report draws |\n| `toy.wait` | `ms` | nothing |\n<!-- /generated:steps -->',
    );
  });

  it('runs through runStep, and through the runner with a fake cluster', async () => {
    ran.length = 0;
    const ctx = { result: {}, recorder: new StepRecorder() } as unknown as StepContext;
    await runStep(ctx, {
      type: 'toy.wait',
      body: { ms: 1 },
      name: 'direct',
      index: 0,
      sourceIndex: 0,
    } as unknown as ResolvedStep);
    expect(ctx.result).toEqual({ waited_ms: 1 });

    expect(metricNames()).toContain('toy.wait_time.max'); // `scenarios metrics` lists it
    const r = loadScenario(
      'toy.yaml',
      [
        'name: toy',
        'steps:',
        '  - mark: {name: begin}',
        '  - name: nap',
        '    toy.wait: {ms: 5}',
        'slos:',
        "  - 'toy.wait_time.max < 1s'",
      ].join('\n'),
    );
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    const runDir = join(mkdtempSync(join(tmpdir(), 't-sc-toy-')), 'run');
    const provider = { open: async () => undefined, up: async () => fakeCluster(), down: async () => undefined };
    const out = await runScenario({
      scenario: r.scenario,
      seed: 1,
      runId: 'toy-1',
      runDir,
      clusterName: 't-sc-fake',
      keep: false,
      provider,
      log: silentLogger,
      harnessVersion: 'test',
    });
    expect(out.exitCode).toBe(0);
    expect(ran).toEqual([
      { name: 'direct', ms: 1 },
      { name: 'nap', ms: 5 },
    ]);
    const rec = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
    expect(rec.steps.map((s) => [s.type, s.name, typeof s.endMs])).toEqual([
      ['mark', 'mark', 'number'],
      ['toy.wait', 'nap', 'number'],
    ]);
    expect(rec.metrics['toy.wait_time.max']).toEqual({ value: 5, unit: 'ms', better: 'smaller' });
    expect(rec.slos.map((s) => [s.metric, s.verdict])).toEqual([['toy.wait_time.max', 'pass']]);

    // The report: summary.json has the step and its figure, the page lists the step.
    const report = await buildReports(runDir, { now: new Date('2026-12-03T00:00:00Z') });
    expect(report.summary.steps.map((s) => s.type)).toEqual(['mark', 'toy.wait']);
    expect(report.summary.metrics['toy.wait_time.max']).toEqual({
      value: 5,
      unit: 'ms',
      better: 'smaller',
      source: 'run',
    });
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(/toy\.wait_time\.max/);
  });

  it('leaves the schema when unregistered (the compiled validators rebuild), and cannot be registered twice', () => {
    const file = ['name: toy', 'steps:', '  - toy.nap: {}'];
    const off = registerStep({ ...toyWait, type: 'toy.nap', schema: () => ({ properties: {}, required: [] }) });
    expect(issuesOf(file)).toEqual([]);
    off();
    expect(issuesOf(file)[0]).toMatch(/^s\.yaml:3:5: steps\[0\]\.toy\.nap: unknown step 'toy.nap'/);
    expect(() => registerStep(toyWait)).toThrow("step type 'toy.wait' is registered twice");
  });
});
