// The period in a Dispatcher.Heartbeat answer, read straight from its protobuf bytes
// (HeartbeatResponse { google.protobuf.Duration period = 1 }; Duration { int64 seconds = 1;
// int32 nanos = 2 }). A fleet decodes thousands of these a second, and protobufjs's decoder
// builds a message object with defaults and string longs for each just to yield one number.

/** Reads a varint at `at`; returns the value (exact up to 2^53) and where the next field starts. */
function varint(b: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < b.length && i < at + 10; i++) {
    const byte = b[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if (byte < 0x80) return [value, i + 1];
  }
  throw new Error('heartbeat answer: truncated varint');
}

/** Skips a field of the given wire type starting at `at` (after its tag). */
function skip(b: Buffer, at: number, wireType: number): number {
  switch (wireType) {
    case 0:
      return varint(b, at)[1];
    case 1:
      return at + 8;
    case 2: {
      const [len, next] = varint(b, at);
      return next + len;
    }
    case 5:
      return at + 4;
    default:
      throw new Error(`heartbeat answer: wire type ${wireType} not expected`);
  }
}

/** The period in milliseconds; 0 when the answer carries none. */
export function heartbeatPeriodMs(b: Buffer): number {
  let at = 0;
  while (at < b.length) {
    const [tag, next] = varint(b, at);
    if (tag >>> 3 === 1 && (tag & 7) === 2) {
      const [len, start] = varint(b, next);
      let seconds = 0;
      let nanos = 0;
      let i = start;
      while (i < start + len) {
        const [t, n] = varint(b, i);
        if (t === 0x08) [seconds, i] = varint(b, n);
        else if (t === 0x10) [nanos, i] = varint(b, n);
        else i = skip(b, n, t & 7);
      }
      return seconds * 1000 + nanos / 1e6;
    }
    at = skip(b, next, tag & 7);
  }
  return 0;
}
