// heartbeatPeriodMs reads the period from the answer's bytes; protobufjs (through the same
// .proto grpc-js uses) writes them here, so the two agree on every shape an answer can take.
import { describe, expect, it } from 'vitest';
import { heartbeatPeriodMs } from '../../../harness/hollow/heartbeat-period.js';
import { swarmkitProtocol } from '../../../harness/hollow/protocol.js';

type Codec = { responseSerialize(v: unknown): Buffer };
const heartbeat = (swarmkitProtocol().Dispatcher as unknown as { service: Record<string, Codec> }).service[
  'Heartbeat'
]!;

describe('heartbeatPeriodMs', () => {
  it('gives the period of answers protobufjs encodes', () => {
    const cases: [seconds: number, nanos: number][] = [
      [5, 0],
      [5, 123_456_789],
      [0, 999_999_999],
      [4, 500_000_000],
      [3600, 1],
      [2 ** 40, 0],
    ];
    for (const [seconds, nanos] of cases) {
      const bytes = heartbeat.responseSerialize({ period: { seconds, nanos } });
      expect(heartbeatPeriodMs(bytes)).toBeCloseTo(seconds * 1000 + nanos / 1e6, 6);
    }
  });

  it('is 0 without a period, and skips fields it does not know', () => {
    expect(heartbeatPeriodMs(heartbeat.responseSerialize({}))).toBe(0);
    // field 7 (varint 150), field 9 (bytes "ab"), then the period: 6 s.
    const withUnknown = Buffer.from([0x38, 0x96, 0x01, 0x4a, 0x02, 0x61, 0x62, 0x0a, 0x02, 0x08, 0x06]);
    expect(heartbeatPeriodMs(withUnknown)).toBe(6000);
  });

  it('refuses a truncated answer', () => {
    expect(() => heartbeatPeriodMs(Buffer.from([0x0a, 0x02, 0x08, 0x96]))).toThrow(/truncated/);
  });
});
