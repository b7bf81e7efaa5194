// Task phases: entry times from the states a look caught a task in, phases only where both ends
// were observed, failed and rejected tasks with the swarm's message, the per-step fold and the
// report's chart and where-the-time-went sentence, all from fake task lists and points.
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../../harness/docker/swarm-read.js';
import { analyze } from '../../../harness/metrics/analysis.js';
import {
  dominantPhase,
  dominantPhaseSentence,
  phaseChart,
  phaseNotes,
  stepPhases,
} from '../../../harness/metrics/charts/phases.js';
import type { Point } from '../../../harness/metrics/measurements.js';
import { phaseFold, taskPhases } from '../../../harness/metrics/measurements/task-phases.js';
import { taskStatus } from '../../../harness/metrics/measurements/task-status.js';
import { metricDef } from '../../../harness/metrics/registry.js';
import { SummaryBuilder } from '../../../harness/metrics/summary.js';
import { PhaseTracker, phaseDurations, phaseFields } from '../../../harness/metrics/task-phases.js';
import { completeRecord } from '../../../harness/report/record-defaults.js';

const T = 1_763_690_400_000;
const task = (id: string, state: TaskView['state'], statusMs: number, extra: Partial<TaskView> = {}): TaskView => ({
  id,
  serviceId: 's',
  desiredState: 'running',
  state,
  createdMs: T,
  statusMs,
  ...extra,
});

describe('PhaseTracker', () => {
  it('keeps the entry time of each state a look caught, and only the first time', () => {
    const tr = new PhaseTracker(T);
    tr.look([task('a', 'pending', T + 10)]);
    tr.look([task('a', 'assigned', T + 40)]);
    tr.look([task('a', 'assigned', T + 40)]);
    tr.look([task('a', 'starting', T + 900)]);
    const e = tr.take('a', T, T + 1500);
    expect(e).toEqual({
      createdMs: T,
      entered: { pending: T + 10, assigned: T + 40, starting: T + 900, running: T + 1500 },
    });
    expect(tr.openTasks).toBe(0);
  });

  it('a task seen only running has only its total: the states in between are unobserved, not 0', () => {
    const tr = new PhaseTracker(T);
    tr.look([task('a', 'running', T + 700)]);
    const d = phaseDurations(tr.take('a', T, T + 700));
    expect(d).toEqual({ total: 700 });
    expect(d.scheduling).toBeUndefined();
  });

  it('a phase is observed only when both ends were', () => {
    const d = phaseDurations({
      createdMs: T,
      entered: { assigned: T + 50, preparing: T + 80, running: T + 3000 },
    });
    expect(d).toEqual({ scheduling: 50, dispatch: 30, total: 3000 });
    expect(
      phaseFields({ createdMs: T, entered: { assigned: T + 50, preparing: T + 80, running: T + 3000 } }, (x) => x),
    ).toEqual({ assigned_ms: T + 50, preparing_ms: T + 80, phase_scheduling_ms: 50, phase_dispatch_ms: 30 });
  });

  it('returns a failed or rejected task once, with the swarm’s message and what was observed before', () => {
    const tr = new PhaseTracker(T);
    tr.look([task('f', 'preparing', T + 100), task('r', 'assigned', T + 20)]);
    const ended = tr.look([
      task('f', 'failed', T + 5000, { error: 'No such image: nope:latest', desiredState: 'shutdown' }),
      task('r', 'rejected', T + 60, { error: 'invalid mount config' }),
    ]);
    expect(ended.map((e) => [e.task.id, e.state, e.endedMs, e.error, e.entered])).toEqual([
      ['f', 'failed', T + 5000, 'No such image: nope:latest', { preparing: T + 100 }],
      ['r', 'rejected', T + 60, 'invalid mount config', { assigned: T + 20 }],
    ]);
    // the history lists it again at every look: reported once
    expect(tr.look([task('f', 'failed', T + 5000)])).toEqual([]);
    expect(tr.openTasks).toBe(0);
  });

  it('ignores failures before the run and forgets tasks shut down before running', () => {
    const tr = new PhaseTracker(T);
    expect(tr.look([task('old', 'failed', T - 1)])).toEqual([]);
    tr.look([task('x', 'pending', T + 1)]);
    tr.look([task('x', 'shutdown', T + 2)]);
    expect(tr.openTasks).toBe(0);
  });
});

/** A swarm_task_status point with the phases that were observed (ms). */
const taskPoint = (step: string, latency: number, phases: Record<string, number> = {}): Point => ({
  measurement: 'swarm_task_status',
  tags: { service: 'web', step },
  fields: {
    task: 't',
    node: 'n',
    latency_ms: latency,
    created_ms: T,
    running_ms: T + latency,
    ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`phase_${k}_ms`, v])),
  },
  timeMs: T + latency,
});

describe('the task_phases fold', () => {
  const windows = [
    { name: 'up', index: 0, startMs: T, endMs: T + 60_000 },
    { name: 'down', index: 1, startMs: T + 60_000 },
  ];

  it('gives per-step percentiles of observed phases and the share unobserved', () => {
    const fold = phaseFold();
    fold.observe(taskPoint('up', 3000, { scheduling: 10, dispatch: 20, prepare: 2000, start: 900 }));
    fold.observe(taskPoint('up', 4000, { prepare: 3000 }));
    fold.observe(taskPoint('down', 500));
    const out = fold.build({ windows, values: {} });
    expect(out['tasks.phase.prepare.p50']).toBe(2000);
    expect(out['tasks.phase.prepare.max']).toBe(3000);
    expect(out['step.up.tasks.phase.scheduling.p50']).toBe(10);
    expect(out['tasks.phase.unobserved_ratio']).toBe(7 / 12);
    expect(out['step.up.tasks.phase.unobserved_ratio']).toBe(3 / 8);
    expect(out['step.down.tasks.phase.unobserved_ratio']).toBe(1);
    // never a 0 for what was not observed
    expect(Object.keys(out).filter((k) => k.startsWith('step.down.tasks.phase.') && !k.endsWith('ratio'))).toEqual([]);
  });

  it('is fed swarm_task_status points by the summary although task_status declares them', () => {
    const b = new SummaryBuilder({ plugins: [taskStatus, taskPhases] });
    b.observe(taskPoint('up', 3000, { start: 2500 }));
    const out = b.build(windows);
    expect(out['tasks.phase.start.p50']).toBe(2500);
    expect(out['tasks.startup_latency.p50']).toBe(3000);
  });

  it('declares units, direction and no gate, per step too', () => {
    expect(metricDef('step.ramp replicas=10.tasks.phase.prepare.p99')).toMatchObject({
      unit: 'ms',
      better: 'smaller',
      gate: false,
    });
    expect(metricDef('tasks.phase.unobserved_ratio')).toMatchObject({ unit: 'ratio', better: 'smaller', gate: false });
  });
});

const run = (points: Point[]) =>
  analyze(
    completeRecord(
      {
        startMs: T,
        steps: [
          { index: 0, name: 'up', type: 'scale', startMs: T, endMs: T + 60_000 },
          { index: 1, name: 'more', type: 'scale', startMs: T + 60_000, endMs: T + 120_000 },
        ],
      },
      points,
      '/x',
    ),
    points,
  );

describe('where the time went', () => {
  it('names prepare in a run whose tasks waited for the image', () => {
    const a = run([
      taskPoint('up', 31_000, { scheduling: 40, dispatch: 300, prepare: 28_000, start: 1200 }),
      taskPoint('up', 33_000, { scheduling: 60, prepare: 30_000, start: 1500 }),
      taskPoint('up', 29_000, { prepare: 26_000 }),
    ]);
    const [up] = stepPhases(
      a.points('swarm_task_status'),
      a.steps.map((s) => s.name),
    );
    expect(dominantPhase(up!)).toBe('prepare');
    const notes = phaseNotes(a);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^up: most time went to prepare \(preparing → starting, image pull and container create\)/,
    );
    expect(notes[0]).toContain('median 28.0s of a 31.0s median start-up');
    expect(notes[0]).toContain('33 % of phases unobserved over 3 tasks');
  });

  it('names start in a run whose containers were slow to start, per step', () => {
    const a = run([
      taskPoint('up', 2000, { prepare: 1500, start: 300 }),
      taskPoint('more', 21_000, { scheduling: 20, dispatch: 200, prepare: 800, start: 19_000 }),
      taskPoint('more', 23_000, { prepare: 900, start: 21_000 }),
    ]);
    const notes = phaseNotes(a);
    expect(notes[0]).toMatch(/^up: most time went to prepare/);
    expect(notes[1]).toMatch(/^more: most time went to start \(starting → running, the container starting\)/);
  });

  it('says so when no phase was observed in a step', () => {
    const s = stepPhases([taskPoint('up', 800)], ['up'])[0]!;
    expect(dominantPhase(s)).toBeUndefined();
    expect(dominantPhaseSentence(s)).toBe(
      'up: no phase was observed (no look at the swarm caught its 1 task between created and running); median start-up 800ms.',
    );
  });

  it('draws one stacked bar per step with a phase per dataset, nothing when no phase was observed', () => {
    const a = run([
      taskPoint('up', 3000, { scheduling: 100, prepare: 2000, start: 500 }),
      taskPoint('more', 5000, { start: 4000 }),
    ]);
    const c = phaseChart(a)!;
    expect(c.type).toBe('bar');
    expect(c.data.labels).toEqual(['up', 'more']);
    expect(c.data.datasets.map((d) => [d.label, d.data])).toEqual([
      ['scheduling (created → assigned)', [0.1, null]],
      ['dispatch (assigned → preparing)', [null, null]],
      ['prepare (preparing → starting)', [2, null]],
      ['start (starting → running)', [0.5, 4]],
    ]);
    expect((c.options?.scales as Record<string, { stacked?: boolean }>).y!.stacked).toBe(true);
    expect(phaseChart(run([taskPoint('up', 800)]))).toBeUndefined();
  });
});
