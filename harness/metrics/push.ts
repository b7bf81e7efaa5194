// Sending a finished run's points to InfluxDB afterwards: a run made without --influx, or one
// whose InfluxDB was down at its end. The lines of metrics.lp go unchanged (identical points
// already there are stored once, so pushing twice does no harm).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import type { Logger } from '../util/log.js';
import type { InfluxTarget } from './influx-config.js';
import { METRICS_FILE } from './session.js';
import { InfluxSink, type InfluxSinkStats } from './sinks/influx.js';

export async function pushRun(
  runDir: string,
  target: InfluxTarget,
  opts: { log?: Logger; timeoutMs?: number } = {},
): Promise<InfluxSinkStats & { lines: number }> {
  const file = join(runDir, METRICS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new BadInputError(`no ${METRICS_FILE} in ${runDir}`, {
      cause: err,
      fix: 'name a run directory (reports/<run-id>)',
    });
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  return { ...(await sendLines(target, lines, opts)), lines: lines.length };
}

/** Sends lines to InfluxDB through a sink of their own (the database created when missing, a
 *  failed batch retried until timeoutMs), with a spool in a temporary directory that is removed
 *  afterwards: what InfluxDB did not take is counted in `unsent`, not kept. */
export async function sendLines(
  target: InfluxTarget,
  lines: readonly string[],
  opts: { log?: Logger; timeoutMs?: number } = {},
): Promise<InfluxSinkStats> {
  const spoolDir = await mkdtemp(join(tmpdir(), 'swarmbench-push-'));
  try {
    const sink = new InfluxSink(target, join(spoolDir, 'spool.lp'), { log: opts.log });
    await sink.start();
    for (const l of lines) sink.write(l);
    return await sink.close(Date.now() + (opts.timeoutMs ?? 60_000));
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}
