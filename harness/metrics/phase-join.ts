// A task's phases from both records: the swarm's looks (the entry times on its
// swarm_task_status point) and, where a look missed a state, the worker engine's own record of
// the task's container (swarm_task_engine, dind workers only). The agent reports STARTING right
// after it created the container (and reported READY), so the container's `create` event stands
// in for an unobserved STARTING; RUNNING is always the swarm's. The summary, the phases chart
// and summary.json's distributions all read phases through here, so they say the same.
import { numberField } from './fold-kit.js';
import { Measurement, type Point } from './measurements.js';
import { ENTRY_STATES, PART_PHASES, phaseDurations, type PhaseName, type TaskEntries } from './task-phases.js';

/** The entries a swarm_task_status point carries (`<state>_ms`, created_ms, running_ms). */
export function entriesOf(p: Point): TaskEntries {
  const entered: TaskEntries['entered'] = {};
  for (const s of ENTRY_STATES) {
    const v = numberField(p, `${s}_ms`);
    if (v !== undefined) entered[s] = v;
  }
  return { createdMs: numberField(p, 'created_ms') ?? Number.NaN, entered };
}

/** The entries with an unobserved STARTING taken from the container's create time, when known. */
export function sharpen(t: TaskEntries, containerCreatedMs: number | undefined): TaskEntries {
  if (t.entered.starting !== undefined || containerCreatedMs === undefined) return t;
  // The create event cannot come before the task was PREPARING or after it was RUNNING.
  const running = t.entered.running;
  if (running !== undefined && containerCreatedMs > running) return t;
  return { ...t, entered: { ...t.entered, starting: containerCreatedMs } };
}

/** Joins task points with the engines' records by task id; call phases() once all are added. */
export class PhaseJoin {
  private readonly tasks: Point[] = [];
  private readonly created = new Map<string, number>();

  /** Takes the points this join needs and ignores the rest. */
  add(p: Point): void {
    if (p.measurement === Measurement.task && numberField(p, 'latency_ms') !== undefined) this.tasks.push(p);
    else if (p.measurement === Measurement.taskEngine && typeof p.fields.task === 'string') {
      const c = numberField(p, 'container_created_ms');
      if (c !== undefined) this.created.set(p.fields.task, c);
    }
  }

  /** Every task that reached running, with its known part phases: those its point carries (the
   *  swarm's looks), and those an engine's create time adds where the look missed STARTING. */
  phases(): { point: Point; phases: Partial<Record<PhaseName, number>> }[] {
    return this.tasks.map((point) => {
      const phases: Partial<Record<PhaseName, number>> = {};
      for (const phase of PART_PHASES) {
        const v = numberField(point, `phase_${phase}_ms`);
        if (v !== undefined) phases[phase] = v;
      }
      const task = typeof point.fields.task === 'string' ? point.fields.task : '';
      const entries = entriesOf(point);
      const sharper = sharpen(entries, this.created.get(task));
      if (sharper !== entries) {
        const more = phaseDurations(sharper);
        for (const phase of PART_PHASES)
          if (phases[phase] === undefined && more[phase] !== undefined) phases[phase] = more[phase];
      }
      return { point, phases };
    });
  }
}

/** Phases of every task among `points` (task and engine points mixed, in any order). */
export function joinedPhases(points: Iterable<Point>): ReturnType<PhaseJoin['phases']> {
  const j = new PhaseJoin();
  for (const p of points) j.add(p);
  return j.phases();
}
