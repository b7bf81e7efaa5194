import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, resolveInfluxTarget } from '../../../harness/metrics/influx-config.js';
import { BadInputError } from '../../../harness/errors.js';

describe('resolveInfluxTarget', () => {
  it('is undefined when nothing names an InfluxDB', () => {
    expect(resolveInfluxTarget({ env: {} })).toBeUndefined();
  });

  it('takes the database from the path, env or default, and credentials from the environment', () => {
    expect(resolveInfluxTarget({ url: 'http://127.0.0.1:8086', env: {} })).toEqual({
      url: 'http://127.0.0.1:8086',
      database: 'swarmbench',
    });
    expect(resolveInfluxTarget({ url: 'http://h:8086/bench', env: {} })?.database).toBe('bench');
    const t = resolveInfluxTarget({
      env: {
        SWARMBENCH_INFLUX_URL: 'http://h:8086',
        SWARMBENCH_INFLUX_USER: 'u',
        SWARMBENCH_INFLUX_PASSWORD: 's3cret',
      },
    });
    expect(t).toEqual({ url: 'http://h:8086', database: 'swarmbench', username: 'u', password: 's3cret' });
    expect(describeTarget(t!)).not.toContain('s3cret');
  });

  it('reads credentials from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 't-mx-cred-'));
    try {
      await writeFile(join(dir, 'c'), 'admin:pa:ss\n');
      expect(
        resolveInfluxTarget({ url: 'http://h:8086', env: { SWARMBENCH_INFLUX_CREDENTIALS_FILE: join(dir, 'c') } }),
      ).toMatchObject({ username: 'admin', password: 'pa:ss' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses credentials in the URL and URLs that are not http', () => {
    expect(() => resolveInfluxTarget({ url: 'http://u:p@h:8086', env: {} })).toThrow(BadInputError);
    expect(() => resolveInfluxTarget({ url: 'udp://h:8089', env: {} })).toThrow(BadInputError);
    expect(() => resolveInfluxTarget({ url: 'not a url', env: {} })).toThrow(BadInputError);
  });
});
