// gRPC calls over our own HTTP/2 link (h2/link.ts): one connection per hollow worker, a stream
// per call, messages in gRPC's length-prefixed frames, the status in the trailers. Only what a
// worker's dispatcher calls need: unary calls and server streams, a deadline, cancellation, and
// moving to the next manager address when a connection fails.
//
// Why not @grpc/grpc-js (or node:http2) for these calls: a hollow process holds thousands of
// workers, each heartbeating every few seconds. grpc-js spent about 0.8 ms of CPU per heartbeat
// in its call stack, and node:http2 alone still about 0.7 ms in its per-stream objects: at rest
// the simulator took more CPU than the manager it measures (bench/hollow, 1,000 workers: 16.6 %
// and 14.7 % of a core against the manager's 11–13 %). Here a call is one socket write of a
// prepared header block and, for a heartbeat, the same body every time. Joining (a few calls
// per worker, once) stays on grpc-js.
import { performance } from 'node:perf_hooks';
import type { SecureContext } from 'node:tls';
import { status as Status } from '@grpc/grpc-js';
import { ErrorCode, requestHeaderBlock } from './h2/frames.js';
import { H2Link } from './h2/link.js';

/** A failed call, shaped like grpc-js's ServiceError (code, details) for grpc-errors.ts. */
export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${Status[code] ?? 'UNKNOWN'}: ${details}`);
  }
}

/** Frames one encoded message: compressed flag 0, length (uint32, big-endian), bytes. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/** Splits a stream's bytes back into messages, whatever the chunk boundaries. */
export class FrameDecoder {
  private pending: Buffer | undefined;

  constructor(private readonly maxMessageBytes = 128 * 1024 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    const out: Buffer[] = [];
    while (buf.length >= 5) {
      if (buf[0] !== 0) throw new GrpcCallError(Status.INTERNAL, 'compressed message: not supported');
      const len = buf.readUInt32BE(1);
      if (len > this.maxMessageBytes)
        throw new GrpcCallError(Status.RESOURCE_EXHAUSTED, `message of ${len} bytes over ${this.maxMessageBytes}`);
      if (buf.length < 5 + len) break;
      out.push(buf.subarray(5, 5 + len));
      buf = buf.subarray(5 + len);
    }
    if (buf.length > 0) this.pending = Buffer.from(buf); // a copy: the chunk's memory may be reused
    return out;
  }
}

function grpcStatusOf(fields: Map<string, string>): { code: number; details: string } | undefined {
  const raw = fields.get('grpc-status');
  if (raw === undefined) return undefined;
  let details = fields.get('grpc-message') ?? '';
  try {
    details = decodeURIComponent(details);
  } catch {
    // not percent-encoded after all: keep it as sent
  }
  return { code: Number(raw), details };
}

export interface StreamHandlers {
  onMessage(message: Buffer): void;
  /** Once, when the call ends: null for a clean end (status OK), else the error. */
  onEnd(err: GrpcCallError | null): void;
}

export interface CallHandle {
  cancel(): void;
}

export interface ConnectionOptions {
  /** host:port of each manager; the connection tries them in order from `offset`. */
  addresses: string[];
  offset?: number;
  /** The name the manager's certificate carries ("swarm-manager"), also sent as :authority. */
  serverName: string;
  /** Mutual TLS; omitted only in tests against a plaintext server. */
  secureContext?: SecureContext;
  maxMessageBytes?: number;
}

/**
 * Deadlines of the calls in flight, checked together every 100 ms: one timer for the process
 * instead of one set and cleared per call, thousands of times a second with a fleet's heartbeats.
 * A deadline is therefore met within 100 ms, against heartbeat deadlines of 5 s and more.
 */
class Deadlines {
  private readonly calls = new Set<{ at: number; expire: () => void }>();
  private timer: NodeJS.Timeout | undefined;

  add(timeoutMs: number, expire: () => void): { at: number; expire: () => void } {
    const entry = { at: performance.now() + timeoutMs, expire };
    this.calls.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), 100);
      this.timer.unref();
    }
    return entry;
  }

  remove(entry: { at: number; expire: () => void }): void {
    this.calls.delete(entry);
  }

  private sweep(): void {
    const now = performance.now();
    for (const e of this.calls)
      if (e.at <= now) {
        this.calls.delete(e);
        e.expire();
      }
  }
}

const deadlines = new Deadlines();

function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

/** The calls of one worker to its manager over one HTTP/2 connection, made again when it drops. */
export class GrpcConnection {
  private link: H2Link | undefined;
  private next: number;
  private closed = false;
  private readonly blocks = new Map<string, Buffer>();

  constructor(private readonly opts: ConnectionOptions) {
    this.next = opts.offset ?? 0;
  }

  /** The address the next connection goes to. */
  get address(): string {
    const list = this.opts.addresses;
    return list[this.next % list.length]!;
  }

  private connection(): H2Link {
    if (this.link?.usable) return this.link;
    const { secureContext, serverName } = this.opts;
    const link: H2Link = new H2Link({
      ...splitAddress(this.address),
      ...(secureContext ? { tls: { secureContext, serverName } } : {}),
      onClose: (established) => {
        // A connection that never came up: the next one tries the next manager.
        if (!established && this.link === link) this.next++;
        if (this.link === link) this.link = undefined;
      },
    });
    this.link = link;
    return link;
  }

  /** The request's header block, built once per path and deadline. */
  private headerBlock(path: string, timeoutMs: number | undefined): Buffer {
    // Whole seconds: the manager's heartbeat period carries jitter, and a deadline in ms would
    // make every heartbeat's block different.
    const timeout =
      timeoutMs === undefined ? undefined : `${Math.max(1, Math.min(99_999_999, Math.ceil(timeoutMs / 1000)))}S`;
    const key = `${path} ${timeout ?? ''}`;
    let block = this.blocks.get(key);
    if (!block) {
      block = requestHeaderBlock({
        path,
        authority: this.opts.serverName,
        tls: this.opts.secureContext !== undefined,
        ...(timeout !== undefined ? { timeout } : {}),
      });
      if (this.blocks.size > 16) this.blocks.clear();
      this.blocks.set(key, block);
    }
    return block;
  }

  /** Starts a call that sends `body` (already framed) and reads messages until the status. */
  call(path: string, body: Buffer, handlers: StreamHandlers, timeoutMs?: number): CallHandle {
    if (this.closed) {
      handlers.onEnd(new GrpcCallError(Status.CANCELLED, 'connection closed'));
      return { cancel: () => undefined };
    }
    const decoder = new FrameDecoder(this.opts.maxMessageBytes);
    let ended = false;
    let status: { code: number; details: string } | undefined;
    let deadline: ReturnType<Deadlines['add']> | undefined;
    let link: H2Link | undefined;
    let id = 0;
    const end = (err: GrpcCallError | null) => {
      if (ended) return;
      ended = true;
      if (deadline) deadlines.remove(deadline);
      handlers.onEnd(err);
    };
    const fail = (code: number, details: string) => {
      if (ended) return;
      link?.cancel(id);
      end(new GrpcCallError(code, details));
    };
    const finish = () => {
      if (!status) end(new GrpcCallError(Status.INTERNAL, 'the call ended without a gRPC status'));
      else end(status.code === Status.OK ? null : new GrpcCallError(status.code, status.details));
    };
    try {
      link = this.connection();
      id = link.open(this.headerBlock(path, timeoutMs), body, {
        onHeaders: (fields, endStream) => {
          const http = Number(fields.get(':status') ?? 0);
          status = grpcStatusOf(fields) ?? status;
          if (!status && http !== 0 && http !== 200) status = { code: Status.UNKNOWN, details: `HTTP status ${http}` };
          if (endStream) finish();
        },
        onData: (bytes, endStream) => {
          if (ended) return;
          let messages: Buffer[];
          try {
            messages = decoder.push(bytes);
          } catch (err) {
            const e = err as GrpcCallError;
            fail(e.code, e.details);
            return;
          }
          for (const m of messages) if (!ended) handlers.onMessage(m);
          if (endStream) finish();
        },
        onAbort: ({ rstCode, message }) =>
          end(
            new GrpcCallError(
              rstCode === ErrorCode.CANCEL
                ? Status.CANCELLED
                : rstCode === undefined || rstCode === ErrorCode.REFUSED_STREAM
                  ? Status.UNAVAILABLE
                  : Status.INTERNAL,
              message,
            ),
          ),
      });
    } catch (err) {
      end(new GrpcCallError(Status.UNAVAILABLE, (err as Error).message));
      return { cancel: () => undefined };
    }
    if (timeoutMs !== undefined && !ended)
      deadline = deadlines.add(timeoutMs, () => fail(Status.DEADLINE_EXCEEDED, 'deadline exceeded'));
    return { cancel: () => fail(Status.CANCELLED, 'call cancelled') };
  }

  /** A unary call: resolves with the one answer's bytes. */
  unary(path: string, body: Buffer, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      let answer: Buffer | undefined;
      this.call(
        path,
        body,
        {
          onMessage: (m) => (answer = m),
          onEnd: (err) => {
            if (err) reject(err);
            else if (answer) resolve(answer);
            else reject(new GrpcCallError(Status.INTERNAL, 'no answer to a unary call'));
          },
        },
        timeoutMs,
      );
    });
  }

  /**
   * Drops the connection and moves to the next manager address for the next call, as swarmkit's
   * agent picks a manager again for each new session: a manager that stopped answering (its
   * container killed or paused) leaves a TCP connection that would otherwise look alive for minutes.
   */
  failover(): void {
    const link = this.link;
    this.link = undefined;
    if (link) {
      this.next++;
      link.destroy(undefined);
    }
  }

  close(): void {
    this.closed = true;
    const link = this.link;
    this.link = undefined;
    link?.destroy(undefined);
  }
}
