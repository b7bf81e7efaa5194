// How well the task phases swarmbench measures from the swarm's task list agree with the
// simulator's own record of what its hollow workers reported (harness/hollow/task-record.ts).
// Only what the measurement observed is compared: an unobserved state or phase has no value to
// be wrong (its share is reported apart). Entry times are compared state by state; phases are
// compared where both of their ends were observed and the record has both.
import type { Point } from '../../harness/metrics/measurements.js';
import { PHASES, type PhaseName } from '../../harness/metrics/task-phases.js';
import type { TaskRecordLine } from '../../harness/hollow/task-record.js';

/** States both sides know: the simulator reports these (and notes ASSIGNED as it received it). */
export const COMPARED_STATES = ['assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'] as const;
/** Phases both of whose ends the simulator knows (scheduling starts at the manager's CreatedAt). */
export const COMPARED_PHASES: readonly PhaseName[] = ['dispatch', 'prepare', 'start'];

export interface Agreement {
  /** Tasks the measurement reported running that the record knows. */
  tasks: number;
  /** Tasks the measurement reported that the record does not know (should be 0). */
  unknownTasks: number;
  compared: number;
  within: number;
  /** within ÷ compared. */
  share: number;
  worstMs: number;
  worst?: { task: string; what: string; measuredMs: number; recordedMs: number };
  /** Per state or phase: compared, within, worst. */
  by: Record<string, { compared: number; within: number; worstMs: number }>;
  /** Of the (task, state) pairs the record has, the share the measurement did not observe. */
  unobservedShare: number;
}

/** The first time the record has each task in each state (a state is reported once per task). */
export function recordIndex(lines: readonly TaskRecordLine[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const l of lines) {
    let m = out.get(l.task);
    if (!m) out.set(l.task, (m = new Map()));
    if (!m.has(l.state)) m.set(l.state, l.ms);
  }
  return out;
}

/** Compares the swarm_task_status points of a run with the simulator's record, at `toleranceMs`. */
export function agreement(points: readonly Point[], lines: readonly TaskRecordLine[], toleranceMs = 100): Agreement {
  const record = recordIndex(lines);
  const a: Agreement = {
    tasks: 0,
    unknownTasks: 0,
    compared: 0,
    within: 0,
    share: 0,
    worstMs: 0,
    by: {},
    unobservedShare: 0,
  };
  let known = 0;
  let unobserved = 0;
  const compare = (task: string, what: string, measured: number, recorded: number) => {
    const err = Math.abs(measured - recorded);
    const b = (a.by[what] ??= { compared: 0, within: 0, worstMs: 0 });
    a.compared++;
    b.compared++;
    if (err <= toleranceMs) {
      a.within++;
      b.within++;
    }
    b.worstMs = Math.max(b.worstMs, err);
    if (a.worst === undefined || err > a.worstMs) {
      a.worstMs = err;
      a.worst = { task, what, measuredMs: measured, recordedMs: recorded };
    }
  };
  for (const p of points) {
    const task = p.fields.task;
    if (typeof task !== 'string' || typeof p.fields.running_ms !== 'number') continue;
    const rec = record.get(task);
    if (!rec) {
      a.unknownTasks++;
      continue;
    }
    a.tasks++;
    const measured = (s: string): number | undefined => {
      const v = p.fields[`${s}_ms`];
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    for (const s of COMPARED_STATES) {
      const r = rec.get(s);
      if (r === undefined) continue;
      known++;
      const m = measured(s);
      if (m === undefined) unobserved++;
      else compare(task, s, m, r);
    }
    for (const name of COMPARED_PHASES) {
      const def = PHASES.find((d) => d.name === name)!;
      const v = p.fields[`phase_${name}_ms`];
      const from = rec.get(def.from);
      const to = rec.get(def.to);
      if (typeof v === 'number' && from !== undefined && to !== undefined)
        compare(task, `phase ${name}`, v, Math.max(0, to - from));
    }
  }
  a.share = a.compared === 0 ? 0 : a.within / a.compared;
  a.unobservedShare = known === 0 ? 0 : unobserved / known;
  return a;
}
