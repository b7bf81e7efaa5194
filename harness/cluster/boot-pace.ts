// The pace of one boot: a Pacer per outer host for node boots (a node is booting from its
// container start until its engine answers; each host has its own CPU) and one for swarm joins
// (a join costs the managers, which all sit on the first host). --start-concurrency and
// --join-concurrency fix them instead. This machine's run queue holds back widening for the
// pacers whose work lands on it.
import type { Logger } from '../util/log.js';
import { HostLoad } from '../util/host-load.js';
import { Pacer, type PaceChange, type PaceRecord } from './pace.js';

export interface BootPaceRecord {
  boots: PaceRecord[];
  joins: PaceRecord;
  /** The highest smoothed run queue per core seen on this machine while booting. */
  peakRunnablePerCore?: number;
}

export interface BootPaceOptions {
  /** Fixed boots at a time per host. */
  startConcurrency?: number;
  /** Fixed joins at a time. */
  joinConcurrency?: number;
  /** The outer host that is this machine (its run queue is readable), if any. */
  localHost?: string;
  log?: Logger;
}

export class BootPace {
  readonly joins: Pacer;
  private readonly perHost = new Map<string, Pacer>();
  private readonly load?: HostLoad;

  constructor(private readonly o: BootPaceOptions) {
    if (o.localHost !== undefined) this.load = new HostLoad().start();
    this.joins = new Pacer({
      name: 'joins',
      fixed: o.joinConcurrency,
      // Joins cost more as the swarm grows (HOST-NOTES): a wider slack before a slow one counts.
      slackMs: 20_000,
      narrowSlackMs: 60_000,
      max: 16,
      hostBusy: () => this.load?.busy(),
      hostOverloaded: () => this.load?.overloaded(),
      onChange: (c) => logChange(o.log, 'joins', c),
    });
  }

  /** The boot pacer of one outer host. */
  boots(host: string): Pacer {
    let p = this.perHost.get(host);
    if (!p) {
      const local = host === this.o.localHost;
      const name = `boots on ${host}`;
      p = new Pacer({
        name,
        fixed: this.o.startConcurrency,
        hostBusy: local ? () => this.load?.busy() : undefined,
        hostOverloaded: local ? () => this.load?.overloaded() : undefined,
        onChange: (c) => logChange(this.o.log, name, c),
      });
      this.perHost.set(host, p);
    }
    return p;
  }

  /** Why no more nodes should start on this machine (a storm), or undefined. */
  storm(): string | undefined {
    return this.load?.storm();
  }

  /** "boots 6, joins 4" for the progress line. */
  summary(): string {
    const boots = [...this.perHost.values()].map((p) => `${p.mode === 'fixed' ? 'fixed ' : ''}${p.limit}`).join('/');
    return `pace: boots ${boots || '-'} at a time, joins ${this.joins.limit}${this.joins.mode === 'fixed' ? ' (fixed)' : ''}`;
  }

  record(): BootPaceRecord {
    const peak = this.load?.peakRunnablePerCore;
    return {
      boots: [...this.perHost.values()].map((p) => p.record()),
      joins: this.joins.record(),
      peakRunnablePerCore: peak === undefined ? undefined : Math.round(peak * 10) / 10,
    };
  }

  stop(): void {
    this.load?.stop();
  }
}

/** Narrowings are news (the host pushed back); widenings are the pacer doing its job. */
function logChange(log: Logger | undefined, name: string, c: PaceChange): void {
  const line = `pace: ${name} ${c.limit} at a time (${c.reason})`;
  if (c.reason.startsWith('narrowed')) log?.info(line);
  else log?.debug(line);
}
