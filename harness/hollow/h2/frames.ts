// HTTP/2's wire format as a hollow worker needs it (RFC 9113): frame headers, the frames it
// sends (HEADERS, DATA, SETTINGS, WINDOW_UPDATE, PING, RST_STREAM), a reader that splits the
// bytes from the manager into frames, and request header blocks in HPACK (RFC 7541) without
// compression state: static-table entries and literals that are never indexed, so a block for
// a given path and deadline is the same bytes every time and can be built once.

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;

export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

export const Setting = {
  HEADER_TABLE_SIZE: 1,
  ENABLE_PUSH: 2,
  MAX_CONCURRENT_STREAMS: 3,
  INITIAL_WINDOW_SIZE: 4,
  MAX_FRAME_SIZE: 5,
  MAX_HEADER_LIST_SIZE: 6,
} as const;

export const ErrorCode = { NO_ERROR: 0, PROTOCOL_ERROR: 1, REFUSED_STREAM: 7, CANCEL: 8 } as const;

/** The largest flow-control window HTTP/2 allows. */
export const MAX_WINDOW = 2 ** 31 - 1;
/** Every peer must accept frames this large; larger only once it says so. */
export const DEFAULT_MAX_FRAME = 16_384;
export const DEFAULT_WINDOW = 65_535;

export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/** Writes a frame header for a payload of `length` bytes at `offset` of `into`. */
export function writeFrameHeader(
  into: Buffer,
  offset: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  into.writeUIntBE(length, offset, 3);
  into[offset + 3] = type;
  into[offset + 4] = flags;
  into.writeUInt32BE(streamId & 0x7fffffff, offset + 5);
}

export function encodeFrame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(9 + payload.length);
  writeFrameHeader(out, 0, payload.length, type, flags, streamId);
  payload.copy(out, 9);
  return out;
}

export function settingsFrame(settings: [id: number, value: number][]): Buffer {
  const payload = Buffer.allocUnsafe(6 * settings.length);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, 6 * i);
    payload.writeUInt32BE(value, 6 * i + 2);
  });
  return encodeFrame(FrameType.SETTINGS, 0, 0, payload);
}

export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(increment & 0x7fffffff, 0);
  return encodeFrame(FrameType.WINDOW_UPDATE, 0, streamId, payload);
}

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(code, 0);
  return encodeFrame(FrameType.RST_STREAM, 0, streamId, payload);
}

/** Splits a connection's bytes into frames, whatever the chunk boundaries. */
export class FrameReader {
  private pending: Buffer | undefined;

  /** `maxFrame`: the largest payload this side announced it accepts. */
  constructor(private readonly maxFrame = DEFAULT_MAX_FRAME) {}

  push(chunk: Buffer, onFrame: (f: Frame) => void): void {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    while (buf.length >= 9) {
      const length = buf.readUIntBE(0, 3);
      if (length > this.maxFrame)
        throw new Error(`HTTP/2 frame of ${length} bytes over the ${this.maxFrame} announced`);
      if (buf.length < 9 + length) break;
      onFrame({
        type: buf[3]!,
        flags: buf[4]!,
        streamId: buf.readUInt32BE(5) & 0x7fffffff,
        payload: buf.subarray(9, 9 + length),
      });
      buf = buf.subarray(9 + length);
    }
    // A copy: the socket may reuse the chunk's memory.
    if (buf.length > 0) this.pending = Buffer.from(buf);
  }
}

/** The payload of a DATA or HEADERS frame without its padding (and priority fields). */
export function framePayload(f: Frame): Buffer {
  let start = 0;
  let end = f.payload.length;
  if (f.flags & Flag.PADDED) {
    const pad = f.payload[0] ?? 0;
    start = 1;
    end -= pad;
  }
  if (f.type === FrameType.HEADERS && f.flags & Flag.PRIORITY) start += 5;
  if (end < start) throw new Error('HTTP/2 frame padding longer than its payload');
  return f.payload.subarray(start, end);
}

// ---- HPACK, request side -------------------------------------------------------------------

/** An HPACK integer with an N-bit prefix, the prefix byte's high bits set to `flags`. */
function hpackInt(value: number, prefixBits: number, flags: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [flags | value];
  const out = [flags | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

function hpackString(s: string): number[] {
  const bytes = Buffer.from(s, 'latin1');
  return [...hpackInt(bytes.length, 7, 0), ...bytes];
}

/** Static-table indexes (RFC 7541 Appendix A) of the names and pairs a request uses. */
const STATIC = {
  authority: 1,
  methodPost: 3,
  path: 4,
  schemeHttp: 6,
  schemeHttps: 7,
  contentType: 31,
} as const;

/**
 * The header block of a gRPC request: POST, the scheme, the path, the authority, the gRPC
 * content type, `te: trailers` and the deadline. Literals are "without indexing", so the peer's
 * decoder keeps no state for them and the same block can be sent on every call.
 */
export function requestHeaderBlock(o: { path: string; authority: string; tls: boolean; timeout?: string }): Buffer {
  const literal = (index: number, value: string) => [...hpackInt(index, 4, 0x00), ...hpackString(value)];
  const literalNamed = (name: string, value: string) => [0x00, ...hpackString(name), ...hpackString(value)];
  return Buffer.from([
    0x80 | STATIC.methodPost,
    0x80 | (o.tls ? STATIC.schemeHttps : STATIC.schemeHttp),
    ...literal(STATIC.path, o.path),
    ...literal(STATIC.authority, o.authority),
    ...literal(STATIC.contentType, 'application/grpc'),
    ...literalNamed('te', 'trailers'),
    ...(o.timeout !== undefined ? literalNamed('grpc-timeout', o.timeout) : []),
  ]);
}
