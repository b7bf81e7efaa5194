import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostLoad, parseLoadavg } from '../../../harness/util/host-load.js';

describe('host load', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('reads the run queue per core from /proc/loadavg, not counting the reader', () => {
    expect(parseLoadavg('0.52 0.40 0.30 3/612 12345\n', 2)).toEqual({ load1: 0.52, runnablePerCore: 1 });
    expect(parseLoadavg('garbage', 2)).toBeUndefined();
  });

  it('is busy, then overloaded, then in a storm once the queue has stayed that high for 20 s', () => {
    dir = mkdtempSync(join(tmpdir(), 'load-'));
    const file = join(dir, 'loadavg');
    const load = new HostLoad(file, 2);
    const at = (runnable: number, now: number) => {
      writeFileSync(file, `5.0 4.0 3.0 ${runnable + 1}/900 1\n`);
      load.sample(now);
    };
    at(10, 0);
    expect(load.busy()).toBeUndefined();
    at(40, 1000); // smoothed: 5 * 0.8 + 20 * 0.2 = 8
    expect(load.busy()).toBeUndefined();
    for (let t = 2000; t < 10_000; t += 1000) at(40, t); // smoothed towards 20 per core
    expect(load.busy()).toMatch(/^host busy: 1\d runnable threads per core \(load 5 on 2 cores\)$/);
    expect(load.overloaded()).toBeUndefined();
    let t = 10_000;
    for (; load.overloaded() === undefined; t += 1000) at(400, t); // 200 per core
    expect(load.overloaded()).toMatch(/^host overloaded/);
    for (; (load.runnablePerCore ?? 0) < 150; t += 1000) at(400, t);
    const stormFrom = t - 1000;
    expect(load.storm(stormFrom + 19_000)).toBeUndefined(); // above the storm level, not yet for 20 s
    for (; t <= stormFrom + 20_000; t += 1000) at(400, t);
    expect(load.storm(stormFrom + 20_000)).toMatch(
      /^the host is overloaded: 1\d\d runnable threads per core \(load 5 on 2 cores\) for 20 s$/,
    );
    at(0, t); // one calm sample does not end it (smoothed), many do
    expect(load.storm(t)).toBeDefined();
    for (t += 1000; t < 120_000; t += 1000) at(0, t);
    expect(load.storm(t)).toBeUndefined();
    expect(load.peakRunnablePerCore).toBeGreaterThanOrEqual(150);
  });
});
