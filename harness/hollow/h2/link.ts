// One HTTP/2 client connection (RFC 9113) over TLS or plain TCP, with only what a hollow
// worker's gRPC calls need: streams that send a request (headers, body, end) and receive a
// response (headers, data, trailers), flow control both ways, SETTINGS, PING answers, GOAWAY
// and RST_STREAM. Not supported, because a gRPC client never needs them: server push (refused in
// SETTINGS), priorities (ignored), request trailers.
//
// Why not node:http2: its per-stream machinery (a Duplex stream object, header conversion,
// async hooks) cost a hollow process about 0.7 ms of CPU per heartbeat; here a call is one socket
// write of a prepared header block and body, and the answer a few frames read from a buffer.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type SecureContext, type TLSSocket } from 'node:tls';
import {
  DEFAULT_MAX_FRAME,
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  FrameReader,
  FrameType,
  MAX_WINDOW,
  PREFACE,
  Setting,
  encodeFrame,
  framePayload,
  rstStreamFrame,
  settingsFrame,
  windowUpdateFrame,
  writeFrameHeader,
  type Frame,
} from './frames.js';
import { HeaderDecoder } from './hpack-decode.js';

/** What a stream hears: response headers and trailers as decoded fields, body bytes, its end. */
export interface StreamListener {
  onHeaders(fields: Map<string, string>, endStream: boolean): void;
  onData(bytes: Buffer, endStream: boolean): void;
  /** The stream ended without a clean end of stream: reset by the peer, or the connection gone. */
  onAbort(reason: { rstCode?: number; message: string }): void;
}

export interface LinkOptions {
  host: string;
  port: number;
  /** TLS with this context and server name; plain TCP without (tests). */
  tls?: { secureContext: SecureContext; serverName: string };
  /** Called once when the connection is gone; `established`: it had come up first. */
  onClose(established: boolean, err: Error | undefined): void;
}

interface OpenStream {
  listener: StreamListener;
  /** Our send window for this stream and what waits for it. */
  sendWindow: number;
  queued: Buffer | undefined;
  /** Bytes received since this stream's window was last topped up. */
  received: number;
}

/** Windows announced to the peer are the largest allowed; topped up once half is used. */
const TOP_UP_AT = 2 ** 30;
/** The largest payload the peer may send us (its default; we announce no other). */
const OUR_MAX_FRAME = DEFAULT_MAX_FRAME;

export class H2Link {
  private readonly socket: Socket | TLSSocket;
  private readonly reader = new FrameReader(OUR_MAX_FRAME);
  private readonly headerDecoder = new HeaderDecoder();
  private readonly streams = new Map<number, OpenStream>();
  private nextStreamId = 1;
  private established = false;
  private closed = false;
  /** After the peer's GOAWAY: no new streams; the link closes when the last one ends. */
  private draining = false;
  private connSendWindow = DEFAULT_WINDOW;
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private connReceived = 0;
  /** A header block split over HEADERS and CONTINUATION frames, until END_HEADERS. */
  private headerBlock: { streamId: number; endStream: boolean; parts: Buffer[] } | undefined;

  constructor(private readonly opts: LinkOptions) {
    const { host, port, tls } = opts;
    this.socket = tls
      ? tlsConnect({ host, port, secureContext: tls.secureContext, servername: tls.serverName, ALPNProtocols: ['h2'] })
      : netConnect({ host, port });
    this.socket.setNoDelay(true);
    // A worker's connection must not keep the process alive on its own.
    this.socket.unref();
    this.socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (tls && (this.socket as TLSSocket).alpnProtocol !== 'h2') {
        this.destroy(new Error('the manager did not agree to HTTP/2 (ALPN)'));
        return;
      }
      this.established = true;
    });
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.reader.push(chunk, (f) => this.onFrame(f));
      } catch (err) {
        this.destroy(err as Error);
      }
    });
    this.socket.on('error', (err) => this.destroy(err));
    this.socket.on('close', () => this.destroy(undefined));
    // The preface, our settings (no push; stream windows as large as allowed), and the
    // connection's window raised to match: the manager never waits on us for window updates.
    this.socket.write(
      Buffer.concat([
        PREFACE,
        settingsFrame([
          [Setting.ENABLE_PUSH, 0],
          [Setting.INITIAL_WINDOW_SIZE, MAX_WINDOW],
        ]),
        windowUpdateFrame(0, MAX_WINDOW - DEFAULT_WINDOW),
      ]),
    );
  }

  /** Whether a new stream can start here. */
  get usable(): boolean {
    return !this.closed && !this.draining && this.nextStreamId < 2 ** 31 - 1;
  }

  /** Opens a stream: the header block, then the body with the end of stream. Returns its id. */
  open(headerBlock: Buffer, body: Buffer, listener: StreamListener): number {
    if (!this.usable) throw new Error('the HTTP/2 connection is closing');
    if (headerBlock.length > this.peerMaxFrame) throw new Error('request header block larger than one frame');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream: OpenStream = { listener, sendWindow: this.peerInitialWindow, queued: undefined, received: 0 };
    this.streams.set(id, stream);
    const fits = body.length <= Math.min(this.peerMaxFrame, stream.sendWindow, this.connSendWindow);
    if (fits) {
      // The common case, every heartbeat: one write with both frames.
      const out = Buffer.allocUnsafe(18 + headerBlock.length + body.length);
      writeFrameHeader(out, 0, headerBlock.length, FrameType.HEADERS, Flag.END_HEADERS, id);
      headerBlock.copy(out, 9);
      const at = 9 + headerBlock.length;
      writeFrameHeader(out, at, body.length, FrameType.DATA, Flag.END_STREAM, id);
      body.copy(out, at + 9);
      stream.sendWindow -= body.length;
      this.connSendWindow -= body.length;
      this.socket.write(out);
    } else {
      this.socket.write(encodeFrame(FrameType.HEADERS, Flag.END_HEADERS, id, headerBlock));
      stream.queued = body;
      this.flush(id, stream);
    }
    return id;
  }

  /** Ends a stream from our side (RST_STREAM CANCEL); nothing more is heard of it. */
  cancel(id: number): void {
    if (!this.streams.delete(id) || this.closed) return;
    this.socket.write(rstStreamFrame(id, ErrorCode.CANCEL));
    this.closeIfDrained();
  }

  /** Closes the connection; open streams hear onAbort. */
  destroy(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const message = err?.message ?? 'the connection closed';
    const open = [...this.streams.values()];
    this.streams.clear();
    for (const s of open) s.listener.onAbort({ message });
    this.opts.onClose(this.established, err);
  }

  /** Sends what the windows allow of a stream's queued body, in frames the peer accepts. */
  private flush(id: number, s: OpenStream): void {
    while (s.queued) {
      const n = Math.min(s.queued.length, this.peerMaxFrame, s.sendWindow, this.connSendWindow);
      if (n <= 0 && s.queued.length > 0) return;
      const last = n === s.queued.length;
      this.socket.write(encodeFrame(FrameType.DATA, last ? Flag.END_STREAM : 0, id, s.queued.subarray(0, n)));
      s.sendWindow -= n;
      this.connSendWindow -= n;
      s.queued = last ? undefined : s.queued.subarray(n);
    }
  }

  private flushAll(): void {
    for (const [id, s] of this.streams) if (s.queued) this.flush(id, s);
  }

  private closeIfDrained(): void {
    if (this.draining && this.streams.size === 0) this.destroy(undefined);
  }

  private end(id: number): void {
    this.streams.delete(id);
    this.closeIfDrained();
  }

  private onFrame(f: Frame): void {
    if (this.headerBlock && f.type !== FrameType.CONTINUATION)
      throw new Error('HTTP/2: a header block was interrupted by another frame');
    switch (f.type) {
      case FrameType.DATA:
        return this.onData(f);
      case FrameType.HEADERS:
        this.headerBlock = { streamId: f.streamId, endStream: (f.flags & Flag.END_STREAM) !== 0, parts: [] };
        return this.onHeaderFragment(framePayload(f), f.flags);
      case FrameType.CONTINUATION:
        if (!this.headerBlock || this.headerBlock.streamId !== f.streamId)
          throw new Error('HTTP/2: CONTINUATION without a header block');
        return this.onHeaderFragment(f.payload, f.flags);
      case FrameType.RST_STREAM: {
        const s = this.streams.get(f.streamId);
        if (!s) return;
        this.end(f.streamId);
        const rstCode = f.payload.readUInt32BE(0);
        return s.listener.onAbort({ rstCode, message: `stream reset by the manager (HTTP/2 code ${rstCode})` });
      }
      case FrameType.SETTINGS:
        if (f.flags & Flag.ACK) return;
        this.applySettings(f.payload);
        this.socket.write(encodeFrame(FrameType.SETTINGS, Flag.ACK, 0));
        return;
      case FrameType.PING:
        if (!(f.flags & Flag.ACK)) this.socket.write(encodeFrame(FrameType.PING, Flag.ACK, 0, f.payload));
        return;
      case FrameType.GOAWAY:
        return this.onGoaway(f.payload);
      case FrameType.WINDOW_UPDATE: {
        const inc = f.payload.readUInt32BE(0) & 0x7fffffff;
        if (f.streamId === 0) this.connSendWindow += inc;
        else {
          const s = this.streams.get(f.streamId);
          if (s) s.sendWindow += inc;
        }
        return this.flushAll();
      }
      case FrameType.PUSH_PROMISE:
        throw new Error('HTTP/2: PUSH_PROMISE after push was disabled');
      default:
        return; // PRIORITY and unknown frame types are ignored, as the protocol asks
    }
  }

  private onData(f: Frame): void {
    // Flow control counts the whole payload, padding included, on the connection even for a
    // stream we have already forgotten.
    this.connReceived += f.payload.length;
    if (this.connReceived >= TOP_UP_AT) {
      this.socket.write(windowUpdateFrame(0, this.connReceived));
      this.connReceived = 0;
    }
    const s = this.streams.get(f.streamId);
    if (!s) return;
    s.received += f.payload.length;
    if (s.received >= TOP_UP_AT) {
      this.socket.write(windowUpdateFrame(f.streamId, s.received));
      s.received = 0;
    }
    const endStream = (f.flags & Flag.END_STREAM) !== 0;
    if (endStream) this.end(f.streamId);
    s.listener.onData(framePayload(f), endStream);
  }

  private onHeaderFragment(fragment: Buffer, flags: number): void {
    const block = this.headerBlock!;
    block.parts.push(fragment);
    if (!(flags & Flag.END_HEADERS)) return;
    this.headerBlock = undefined;
    // Every block is decoded, even a forgotten stream's: HPACK's table is the connection's.
    const fields = this.headerDecoder.decode(block.parts.length === 1 ? block.parts[0]! : Buffer.concat(block.parts));
    const s = this.streams.get(block.streamId);
    if (!s) return;
    if (block.endStream) this.end(block.streamId);
    s.listener.onHeaders(fields, block.endStream);
  }

  private applySettings(payload: Buffer): void {
    for (let i = 0; i + 6 <= payload.length; i += 6) {
      const id = payload.readUInt16BE(i);
      const value = payload.readUInt32BE(i + 2);
      if (id === Setting.INITIAL_WINDOW_SIZE) {
        // A change applies to every open stream's window (RFC 9113 6.9.2).
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const s of this.streams.values()) s.sendWindow += delta;
      } else if (id === Setting.MAX_FRAME_SIZE) this.peerMaxFrame = value;
      // HEADER_TABLE_SIZE bounds our encoder's table, which we never use; the rest do not concern a client.
    }
    this.flushAll();
  }

  private onGoaway(payload: Buffer): void {
    const lastStreamId = payload.readUInt32BE(0) & 0x7fffffff;
    this.draining = true;
    // Streams above the last one the manager will process were never seen: they may be retried.
    for (const [id, s] of [...this.streams]) {
      if (id > lastStreamId) {
        this.streams.delete(id);
        s.listener.onAbort({ rstCode: ErrorCode.REFUSED_STREAM, message: 'the manager is going away (GOAWAY)' });
      }
    }
    this.closeIfDrained();
  }
}
