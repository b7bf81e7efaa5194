// A calibration is used only while it describes the hosts: not too old, same hosts, same engines.
import { describe, expect, it } from 'vitest';
import { calibrationMisfit, type Calibration } from '../../../harness/metrics/calibrate.js';

const taken = Date.UTC(2026, 11, 1);
const calibration: Calibration = {
  schemaVersion: 1,
  measuredAt: new Date(taken).toISOString(),
  image: 'swarmbench/alpine:latest',
  count: 50,
  concurrency: 8,
  hosts: {
    local: {
      host: 'local',
      engineVersion: '20.10.24',
      started: 50,
      failed: 0,
      containersPerSecond: 7,
      wallContainersPerSecond: 6,
      elapsedMs: 7000,
      errors: [],
    },
  },
};

describe('calibrationMisfit', () => {
  it('fits the same host and engine within a week', () => {
    expect(calibrationMisfit(calibration, { ms: taken + 86_400_000, engines: { local: '20.10.24' } })).toBeUndefined();
  });

  it('says why it does not fit: too old, another host, another engine', () => {
    expect(calibrationMisfit(calibration, { ms: taken + 8 * 86_400_000, engines: { local: '20.10.24' } })).toBe(
      'it is 8 days old (at most 7)',
    );
    expect(calibrationMisfit(calibration, { ms: taken, engines: { local: '20.10.24', 'host-b': '20.10.24' } })).toBe(
      'it has no figure for host host-b',
    );
    expect(calibrationMisfit(calibration, { ms: taken, engines: { local: '24.0.7' } })).toBe(
      'host local runs engine 24.0.7, the calibration was taken on 20.10.24',
    );
    expect(calibrationMisfit({ ...calibration, measuredAt: 'yesterday' }, { ms: taken, engines: {} })).toBe(
      'it does not say when it was taken',
    );
  });
});
