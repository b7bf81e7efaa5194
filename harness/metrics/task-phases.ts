// Task phases from the swarm's own clocks. A task object carries only its current state and
// Status.Timestamp (when it entered that state), never its history, so the time a task entered a
// state is known only if some look at the task list caught it in that state. States it passed
// through between two looks are unobserved: they have no entry time, never 0. The task's CreatedAt
// (set by the manager) is always known. A phase is observed only when both of its ends were.
import type { TaskView } from '../docker/swarm-read.js';

/** The states a task passes through on its way to running, in order, as the swarm names them. */
export const ENTRY_STATES = ['pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];

/** The end of a task that never ran: the swarm gave up on it (failed) or its node refused it (rejected). */
export type EndState = 'failed' | 'rejected';

/** created: the task's CreatedAt; the other ends are states' entry times. */
export type PhaseEnd = 'created' | EntryState;

export interface PhaseDef {
  name: PhaseName;
  from: PhaseEnd;
  to: PhaseEnd;
  /** What the task waits for in this phase, for captions and the dominant-phase sentence. */
  means: string;
}

export const PHASE_NAMES = ['scheduling', 'dispatch', 'prepare', 'start', 'total'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

export const PHASES: readonly PhaseDef[] = [
  { name: 'scheduling', from: 'created', to: 'assigned', means: 'the manager choosing a node' },
  { name: 'dispatch', from: 'assigned', to: 'preparing', means: 'the node taking the task' },
  { name: 'prepare', from: 'preparing', to: 'starting', means: 'image pull and container create' },
  { name: 'start', from: 'starting', to: 'running', means: 'the container starting' },
  { name: 'total', from: 'created', to: 'running', means: 'created to running' },
];

/** The phases that tile created → running; total is their span, not one more part of it. */
export const PART_PHASES: readonly PhaseName[] = ['scheduling', 'dispatch', 'prepare', 'start'];

/** What is known of one task: when it was created and when it entered each state seen. */
export interface TaskEntries {
  createdMs: number;
  entered: Partial<Record<EntryState, number>>;
}

/** Each phase of a task whose two ends were observed, in ms (clocks of manager and node may
 *  differ by a little: a negative span is taken as 0, as for latency_ms). */
export function phaseDurations(t: TaskEntries): Partial<Record<PhaseName, number>> {
  const at = (end: PhaseEnd) => (end === 'created' ? t.createdMs : t.entered[end]);
  const out: Partial<Record<PhaseName, number>> = {};
  for (const p of PHASES) {
    const from = at(p.from);
    const to = at(p.to);
    if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to))
      out[p.name] = Math.max(0, to - from);
  }
  return out;
}

/** A task that ended without running, as first seen in that end. */
export interface EndedTask extends TaskEntries {
  task: TaskView;
  state: EndState;
  endedMs: number;
  error?: string;
}

const isEntryState = (s: string): s is EntryState => (ENTRY_STATES as readonly string[]).includes(s);

/**
 * Remembers, per task not yet running, the entry time of every state a look caught it in. The
 * caller takes a task's entries when it reports it running; a task that fails or is rejected is
 * returned once by the look that first sees it so; any other end forgets the task.
 */
export class PhaseTracker {
  private readonly open = new Map<string, TaskEntries>();
  private readonly ended = new Set<string>();

  /** @param sinceMs tasks that ended before this (before the run) are not reported. */
  constructor(private readonly sinceMs: number) {}

  /** Tasks whose entries are kept (not running, not ended yet). */
  get openTasks(): number {
    return this.open.size;
  }

  /** Takes one look at task lists (desired running, or a service's history). */
  look(tasks: readonly TaskView[]): EndedTask[] {
    const out: EndedTask[] = [];
    for (const t of tasks) {
      if (t.state === 'running') continue; // its entries are taken when it is reported running
      if (t.state === 'failed' || t.state === 'rejected') {
        const entries = this.take(t.id, t.createdMs);
        if (this.ended.has(t.id) || !(t.statusMs >= this.sinceMs)) continue;
        this.ended.add(t.id);
        out.push({ ...entries, task: t, state: t.state, endedMs: t.statusMs, error: t.error });
        continue;
      }
      if (!isEntryState(t.state)) {
        this.open.delete(t.id); // shut down, complete, orphaned, removed: no phase to finish
        continue;
      }
      let e = this.open.get(t.id);
      if (!e) this.open.set(t.id, (e = { createdMs: t.createdMs, entered: {} }));
      if (e.entered[t.state] === undefined && Number.isFinite(t.statusMs)) e.entered[t.state] = t.statusMs;
    }
    return out;
  }

  /** A task's entries, forgotten from now on (it is being reported), with its running time when
   *  it is reported running. */
  take(id: string, createdMs: number, runningMs?: number): TaskEntries {
    const e = this.open.get(id) ?? { createdMs, entered: {} };
    this.open.delete(id);
    if (runningMs !== undefined) e.entered.running = runningMs;
    return e;
  }
}

/** The fields a task point carries for its entries: `<state>_ms` per observed state and
 *  `phase_<phase>_ms` per observed phase but total (which latency_ms already is). */
export function phaseFields(t: TaskEntries, round: (ms: number) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of ENTRY_STATES) {
    const v = t.entered[s];
    if (s !== 'running' && v !== undefined) out[`${s}_ms`] = round(v);
  }
  const d = phaseDurations(t);
  for (const p of PART_PHASES) if (d[p] !== undefined) out[`phase_${p}_ms`] = round(d[p]);
  return out;
}
