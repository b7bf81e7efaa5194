// The collector's promise to the inner manager: on average no more than one API call per second
// per service (at least one per second in all). Each tick, the calls that are wanted (service
// counts, task lists, node list, task history) are made least-recently-made first, as far as
// the budget allows; with a single service that means the service counts and the task list take
// turns while it converges, and a node list now and then takes a second of its own.
export type CallKind = 'services' | 'tasks' | 'nodes' | 'history';

export class CallBudget {
  private credit: number | undefined;
  private lastTickMs: number | undefined;
  private readonly last: Record<CallKind, number> = {
    services: Number.NEGATIVE_INFINITY,
    tasks: Number.NEGATIVE_INFINITY,
    nodes: Number.NEGATIVE_INFINITY,
    history: Number.NEGATIVE_INFINITY,
  };

  /**
   * @param perServicePerSecond calls allowed per service per second
   * @param burstSeconds how much unused budget may be saved up (in seconds of budget)
   */
  constructor(
    private readonly perServicePerSecond = 1,
    private readonly burstSeconds = 2,
  ) {}

  /** The calls to make now, in order, out of those wanted. */
  plan(nowMs: number, services: number, wanted: readonly CallKind[]): CallKind[] {
    const rate = Math.max(1, services) * this.perServicePerSecond;
    const dt = this.lastTickMs === undefined ? 1 : Math.max(0, (nowMs - this.lastTickMs) / 1000);
    this.lastTickMs = nowMs;
    this.credit = Math.min(rate * this.burstSeconds, (this.credit ?? 0) + rate * dt);
    const order = [...wanted].sort((a, b) => this.last[a] - this.last[b]);
    const out: CallKind[] = [];
    for (const k of order) {
      if (this.credit < 1 - 1e-9) break;
      this.credit -= 1;
      this.last[k] = nowMs;
      out.push(k);
    }
    return out;
  }

  lastMade(kind: CallKind): number {
    return this.last[kind];
  }
}
