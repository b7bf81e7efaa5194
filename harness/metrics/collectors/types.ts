// What a collector is: something the session ticks once a second (it decides itself whether this
// tick is one it works on), which emits points and counts the engine calls it made.
import type { FieldValue } from '../measurements.js';

/** A point as a collector emits it; the session adds run, scenario and step tags. */
export interface Emitted {
  measurement: string;
  tags?: Record<string, string>;
  fields: Record<string, FieldValue>;
  timeMs: number;
  intFields?: readonly string[];
}

export type Emit = (p: Emitted) => void;

export interface Collector {
  readonly name: string;
  /** One tick; must not throw (errors are the collector's to log and count). */
  tick(nowMs: number): Promise<void>;
  /** A last look at the end of the run, so counts reflect the final state. */
  final?(nowMs: number): Promise<void>;
  /** A step began: what the collector watches may have changed (nodes added), look again now. */
  refresh?(): void;
  /** Releases what the collector holds open (files, timers). */
  close?(): void;
  /** Engine calls made so far, by endpoint (for the cost figures in bench/collector). */
  calls?(): Record<string, number>;
}
