// The InfluxDB sink: the same lines as metrics.lp, sent in batches once a second. The database
// is created when missing (with the `influx` client); writes post the exact lines of metrics.lp
// so both stores hold the same points. When InfluxDB does not answer, lines wait in a spool file
// and are sent, in order, when it answers again (tried with growing intervals, never blocking the
// run), so that after close() InfluxDB holds exactly the points of metrics.lp.
import { InfluxDB } from 'influx';
import type { Logger } from '../../util/log.js';
import { silentLogger } from '../../util/log.js';
import { pollUntil, systemClock, withBackoff, type Clock, backoffDelay } from '../../util/retry.js';
import { fetchWithin } from '../../util/fetch.js';
import { describeTarget, type InfluxTarget } from '../influx-config.js';
import { influxAuthHeaders } from '../influx-http.js';
import { Spool } from './spool.js';

export interface InfluxSinkOptions {
  log?: Logger;
  batchSize?: number;
  requestTimeoutMs?: number;
  clock?: Clock;
}

export interface InfluxSinkStats {
  /** Lines InfluxDB accepted. */
  sent: number;
  /** Lines InfluxDB refused as malformed or conflicting (400); resending would not help. */
  rejected: number;
  /** Lines still in the spool (not in InfluxDB) after close. */
  unsent: number;
  /** Times InfluxDB stopped answering during the run. */
  outages: number;
  spoolPath: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`InfluxDB answered ${status}: ${body.slice(0, 300)}`);
  }
}

const retryableError = (err: unknown) => !(err instanceof HttpError) || err.status >= 500;

export class InfluxSink {
  private queue: string[] = [];
  private readonly spool: Spool;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private down = false;
  private nextTryAt = 0;
  /** Failed tries since InfluxDB last answered: the spool's next try waits backoffDelay of it. */
  private failures = 0;
  private busy: Promise<void> | undefined;
  private readonly stats: InfluxSinkStats;

  constructor(
    readonly target: InfluxTarget,
    spoolPath: string,
    opts: InfluxSinkOptions = {},
  ) {
    this.spool = new Spool(spoolPath);
    this.log = opts.log ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.batchSize = opts.batchSize ?? 5000;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.stats = { sent: 0, rejected: 0, unsent: 0, outages: 0, spoolPath };
  }

  /** Creates the database when missing. An InfluxDB that does not answer yet is not fatal. */
  async start(): Promise<void> {
    await this.spool.recover();
    try {
      await this.ensureDatabase();
    } catch (err) {
      this.markDown(err);
    }
  }

  write(line: string): void {
    this.queue.push(line);
  }

  /** Sends (or spools) what was written; calls overlap into one flight, never blocking record(). */
  flush(): Promise<void> {
    if (!this.busy) {
      this.busy = this.flushOnce().finally(() => {
        this.busy = undefined;
      });
    }
    return this.busy;
  }

  /** Flushes, then keeps draining the spool until it is empty or deadlineMs (epoch) passes. */
  async close(deadlineMs: number): Promise<InfluxSinkStats> {
    await this.flush();
    while (this.queue.length > 0) await this.flush();
    // An InfluxDB that never answered during the whole run is not worth a long wait at its end.
    if (this.stats.sent === 0 && this.down) deadlineMs = Math.min(deadlineMs, this.clock.now() + 5000);
    const drained = async () => {
      // No send starts at or after the deadline (pollUntil looks once more at it).
      if (this.clock.now() < deadlineMs) {
        this.nextTryAt = 0;
        await this.flush();
      }
      return this.spool.empty;
    };
    if (!this.spool.empty)
      await pollUntil(drained, (empty) => empty, {
        timeoutMs: deadlineMs - this.clock.now(),
        intervalMs: 1000,
        clock: this.clock,
      });
    this.stats.unsent = this.spool.pending;
    if (this.stats.unsent > 0) {
      this.log.warn(
        `InfluxDB (${describeTarget(this.target)}) did not take ${this.stats.unsent} points before the deadline; they are in ${this.stats.spoolPath} (line protocol, precision ms)`,
      );
    }
    return { ...this.stats };
  }

  get isDown(): boolean {
    return this.down;
  }

  private async flushOnce(): Promise<void> {
    const lines = this.queue;
    this.queue = [];
    if (!this.down && this.spool.empty) {
      for (let i = 0; i < lines.length; i += this.batchSize) {
        const batch = lines.slice(i, i + this.batchSize);
        try {
          await this.post(batch);
        } catch (err) {
          await this.spool.append(lines.slice(i));
          this.markDown(err);
          return;
        }
      }
      return;
    }
    await this.spool.append(lines);
    if (this.clock.now() >= this.nextTryAt) await this.drain();
  }

  private async drain(): Promise<void> {
    const before = this.spool.pending;
    while (!this.spool.empty) {
      const batch = await this.spool.read(this.batchSize);
      if (batch.lines.length === 0) break;
      try {
        await this.post(batch.lines);
      } catch (err) {
        this.markDown(err);
        return;
      }
      await this.spool.commit(batch);
    }
    if (this.down) {
      this.down = false;
      this.failures = 0;
      this.log.info(`InfluxDB answers again: ${before} spooled points sent`);
    }
  }

  private markDown(err: unknown): void {
    if (!this.down) {
      this.stats.outages++;
      const why = err instanceof Error ? err.message : String(err);
      this.log.warn(
        `InfluxDB (${describeTarget(this.target)}) does not answer (${why}); points wait in ${this.stats.spoolPath} and are sent when it does`,
      );
    }
    this.down = true;
    // 1 s, 2 s, 4 s … at most 30 s. No jitter (random 1): one sender has no herd to spread.
    this.nextTryAt =
      this.clock.now() + backoffDelay(++this.failures, { initialMs: 1000, maxMs: 30_000, random: () => 1 });
  }

  /** Posts lines; 404 (no database) creates it and retries; 400 counts rejected lines as done. */
  private async post(lines: readonly string[]): Promise<void> {
    const body = lines.join('\n');
    const send = async () => {
      try {
        await this.postOnce(body);
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) {
          await this.ensureDatabase();
          await this.postOnce(body);
        } else throw err;
      }
    };
    try {
      await withBackoff(send, {
        attempts: 2,
        initialMs: 200,
        maxMs: 1000,
        retryable: retryableError,
        clock: this.clock,
      });
      this.stats.sent += lines.length;
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 400) throw err;
      const dropped = droppedCount(err.message, lines.length);
      this.stats.rejected += dropped;
      this.stats.sent += lines.length - dropped;
      this.log.warn(`InfluxDB refused ${dropped} of ${lines.length} points: ${err.message}`);
    }
  }

  private async postOnce(body: string): Promise<void> {
    const q = new URLSearchParams({ db: this.target.database, precision: 'ms' });
    const headers = { 'content-type': 'text/plain; charset=utf-8', ...influxAuthHeaders(this.target) };
    const res = await fetchWithin(`${this.target.url}/write?${q}`, { method: 'POST', body, headers }, this.timeoutMs);
    if (res.status === 204 || res.status === 200) {
      await res.arrayBuffer().catch(() => undefined);
      return;
    }
    throw new HttpError(res.status, await res.text().catch(() => ''));
  }

  private async ensureDatabase(): Promise<void> {
    const client = influxClient(this.target);
    const names = await client.getDatabaseNames();
    if (!names.includes(this.target.database)) await client.createDatabase(this.target.database);
  }
}

/** An `influx` client for the target (database management and queries). */
export function influxClient(t: InfluxTarget): InfluxDB {
  const u = new URL(t.url);
  return new InfluxDB({
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 443 : 8086)),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    database: t.database,
    username: t.username,
    password: t.password,
  });
}

/** InfluxDB 1.x says "dropped=N" on a partial write; a parse error names each bad line. */
function droppedCount(message: string, total: number): number {
  const m = /dropped=(\d+)/.exec(message);
  if (m) return Math.min(total, Number(m[1]));
  const parseErrors = message.match(/unable to parse/g)?.length ?? 0;
  return Math.min(total, Math.max(1, parseErrors));
}
