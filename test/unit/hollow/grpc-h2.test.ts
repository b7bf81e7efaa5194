// The hollow workers' own gRPC calls (grpc-h2.ts) against a real gRPC server: grpc-js's Server
// serving swarmkit's Dispatcher from the same .proto, in plaintext on loopback (TLS is exercised
// against real managers by the hollow integration tests). Each test checks what a worker relies
// on: answers decoded, a status's code and text, deadlines, streams split into messages however
// the bytes arrive, cancellation, and moving to the next manager when one cannot be reached.
import * as grpc from '@grpc/grpc-js';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, FrameDecoder, GrpcCallError, GrpcConnection } from '../../../harness/hollow/grpc-h2.js';
import { dispatcherCodecs, swarmkitProtocol, type AssignmentsMessage } from '../../../harness/hollow/protocol.js';

const codecs = dispatcherCodecs();
let server: grpc.Server;
let address = '';
let sessionCancelled: Promise<void>;
let markSessionCancelled: () => void;

/** A port nothing listens on: bound, closed, so connecting is refused. */
async function refusedAddress(): Promise<string> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return `127.0.0.1:${port}`;
}

beforeAll(async () => {
  sessionCancelled = new Promise((r) => (markSessionCancelled = r));
  server = new grpc.Server();
  const service = (swarmkitProtocol().Dispatcher as unknown as { service: grpc.ServiceDefinition }).service;
  server.addService(service, {
    Heartbeat: (call: grpc.ServerUnaryCall<{ sessionId: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const id = call.request.sessionId;
      if (id === 'removed') cb({ code: grpc.status.NOT_FOUND, details: 'node 4x7 was removed from swarm — ü' });
      else if (id === 'slow') setTimeout(() => cb(null, {}), 2000);
      else cb(null, { period: { seconds: 5, nanos: 250_000_000 } });
    },
    UpdateTaskStatus: (call: grpc.ServerUnaryCall<{ updates: unknown[] }, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      // The count comes back as the error text, so the test sees the whole body arrived.
      cb({ code: grpc.status.OUT_OF_RANGE, details: `${call.request.updates.length} updates` }),
    Session: (call: grpc.ServerWritableStream<{ sessionId: string }, unknown>) => {
      call.write({ sessionId: 'sess-1' });
      call.on('cancelled', () => markSessionCancelled());
    },
    Assignments: (call: grpc.ServerWritableStream<{ sessionId: string }, unknown>) => {
      // A COMPLETE set large enough to span many HTTP/2 DATA frames, then an INCREMENTAL one.
      const changes = Array.from({ length: 2000 }, (_, i) => ({
        assignment: { task: { id: `task-${i}`, serviceId: 'svc', annotations: { name: `top.${i}`, labels: {} } } },
        action: 0,
      }));
      call.write({ type: 0, resultsIn: 'v1', changes });
      call.write({ type: 1, appliesTo: 'v1', resultsIn: 'v2', changes: [] });
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});

afterAll(() => {
  server.forceShutdown();
});

const heartbeat = (conn: GrpcConnection, sessionId: string, timeoutMs = 5000) =>
  conn
    .unary(codecs.Heartbeat.path, frame(codecs.Heartbeat.encode({ sessionId })), timeoutMs)
    .then((b) => codecs.Heartbeat.decode(b));

describe('grpc-h2: calls over node:http2', () => {
  it('decodes a unary answer, again and again on one connection', async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    for (let i = 0; i < 3; i++)
      expect(await heartbeat(conn, 'sess-1')).toEqual({ period: { seconds: '5', nanos: 250_000_000 } });
    conn.close();
  });

  it("gives the server's status code and its text, decoded", async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    const err = (await heartbeat(conn, 'removed').catch((e: unknown) => e)) as GrpcCallError;
    expect(err).toBeInstanceOf(GrpcCallError);
    expect(err.code).toBe(grpc.status.NOT_FOUND);
    expect(err.details).toBe('node 4x7 was removed from swarm — ü');
    conn.close();
  });

  it('ends a call at its deadline with DEADLINE_EXCEEDED', async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    const err = (await heartbeat(conn, 'slow', 200).catch((e: unknown) => e)) as GrpcCallError;
    expect(err.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // The connection is still good for the next call.
    expect((await heartbeat(conn, 'sess-1')).period?.seconds).toBe('5');
    conn.close();
  });

  it("sends a body larger than the manager's first window, frame by frame as it grants more", async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    const updates = Array.from({ length: 6000 }, (_, i) => ({
      taskId: `task-${i}-${'x'.repeat(20)}`,
      status: { state: 512, message: 'started', err: '' },
    }));
    const body = frame(codecs.UpdateTaskStatus.encode({ sessionId: 'sess-1', updates }));
    expect(body.length).toBeGreaterThan(4 * 65_535);
    const err = (await conn
      .unary(codecs.UpdateTaskStatus.path, body, 10_000)
      .catch((e: unknown) => e)) as GrpcCallError;
    expect([err.code, err.details]).toEqual([grpc.status.OUT_OF_RANGE, '6000 updates']);
    conn.close();
  });

  it('reads a server stream message by message, then its clean end', async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    const messages: AssignmentsMessage[] = [];
    const end = await new Promise<GrpcCallError | null>((resolve) =>
      conn.call(codecs.Assignments.path, frame(codecs.Assignments.encode({ sessionId: 'sess-1' })), {
        onMessage: (b) => messages.push(codecs.Assignments.decode(b)),
        onEnd: resolve,
      }),
    );
    expect(end).toBeNull();
    expect(messages.map((m) => [m.type, m.appliesTo, m.resultsIn, m.changes.length])).toEqual([
      [0, '', 'v1', 2000],
      [1, 'v1', 'v2', 0],
    ]);
    expect(messages[0]!.changes[1999]!.assignment?.task?.annotations?.name).toBe('top.1999');
    conn.close();
  });

  it('cancels a stream: the caller hears CANCELLED and the server sees the call cancelled', async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    const ended = new Promise<GrpcCallError | null>((resolve) => {
      const call = conn.call(codecs.Session.path, frame(codecs.Session.encode({ sessionId: '' } as never)), {
        onMessage: () => call.cancel(),
        onEnd: resolve,
      });
    });
    expect((await ended)?.code).toBe(grpc.status.CANCELLED);
    await sessionCancelled;
    conn.close();
  });

  it('fails a call to a manager that refuses with UNAVAILABLE and goes to the next one', async () => {
    const conn = new GrpcConnection({ addresses: [await refusedAddress(), address], serverName: 'swarm-manager' });
    const err = (await heartbeat(conn, 'sess-1').catch((e: unknown) => e)) as GrpcCallError;
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(conn.address).toBe(address);
    expect((await heartbeat(conn, 'sess-1')).period?.seconds).toBe('5');
    conn.close();
  });

  it('failover() drops a live connection and dials the next address', async () => {
    const conn = new GrpcConnection({ addresses: [address, await refusedAddress()], serverName: 'swarm-manager' });
    await heartbeat(conn, 'sess-1');
    conn.failover();
    expect(conn.address).not.toBe(address);
    await expect(heartbeat(conn, 'sess-1')).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    // ...and round again to the manager that answers.
    expect((await heartbeat(conn, 'sess-1')).period?.seconds).toBe('5');
    conn.close();
  });

  it('a closed connection fails calls at once with CANCELLED', async () => {
    const conn = new GrpcConnection({ addresses: [address], serverName: 'swarm-manager' });
    conn.close();
    await expect(heartbeat(conn, 'sess-1')).rejects.toMatchObject({ code: grpc.status.CANCELLED });
  });
});

describe('FrameDecoder', () => {
  it('gives the same messages whatever the chunk boundaries', () => {
    const messages = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('hello, swarm'), Buffer.alloc(300, 7)];
    const bytes = Buffer.concat(messages.map((m) => frame(m)));
    for (let cut = 0; cut <= bytes.length; cut++) {
      for (const size of [1, 3, 7, bytes.length]) {
        const d = new FrameDecoder();
        const got: Buffer[] = [];
        const parts = [bytes.subarray(0, cut), ...chunks(bytes.subarray(cut), size)];
        for (const p of parts) got.push(...d.push(p));
        expect(got.map((b) => b.toString('hex'))).toEqual(messages.map((m) => m.toString('hex')));
      }
    }
  });

  it('refuses a message over the limit and a compressed one', () => {
    expect(() => new FrameDecoder(10).push(frame(Buffer.alloc(11)))).toThrow(/11 bytes over 10/);
    const compressed = frame(Buffer.from('x'));
    compressed[0] = 1;
    expect(() => new FrameDecoder().push(compressed)).toThrow(/compressed/);
  });
});

function chunks(b: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return out;
}
