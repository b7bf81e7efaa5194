// The hollow-worker simulator's own health during a run (event-loop lag, heartbeat round trips,
// missed heartbeats per process), so a report can tell node flapping caused by a lagging
// simulator from flapping caused by the swarm. Every 5 s: the processes' counters cover the time
// since the previous sample, and asking costs each process a little work.
import type { FleetStats } from '../../hollow/fleet.js';
import { healthPoints } from '../../hollow/health-points.js';
import type { Logger } from '../../util/log.js';
import type { Collector, Emit } from './types.js';

export const HOLLOW_SAMPLE_MS = 5000;

export class HollowCollector implements Collector {
  readonly name = 'hollow';
  private lastMs = 0;
  private samples = 0;

  constructor(private readonly opts: { stats: () => Promise<FleetStats[] | undefined>; emit: Emit; log?: Logger }) {}

  async tick(nowMs: number): Promise<void> {
    if (nowMs - this.lastMs < HOLLOW_SAMPLE_MS) return;
    this.lastMs = nowMs;
    await this.sample(nowMs);
  }

  async final(nowMs: number): Promise<void> {
    await this.sample(nowMs);
  }

  private async sample(nowMs: number): Promise<void> {
    try {
      const stats = await this.opts.stats();
      if (!stats) return; // no hollow workers in this cluster
      this.samples++;
      for (const p of healthPoints(stats, nowMs)) this.opts.emit(p);
    } catch (err) {
      this.opts.log?.debug(`hollow simulator stats: ${(err as Error).message}`);
    }
  }

  calls(): Record<string, number> {
    return { stats: this.samples };
  }
}
