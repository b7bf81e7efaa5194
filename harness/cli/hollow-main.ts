// Main of a hollow worker process: one fleet, driven by requests from the harness
// (hollow/process/controller.ts), over Node IPC when forked, or over a unix socket when started
// detached with `--socket PATH` (it then outlives the command that started it and serves any
// later command that attaches). A forked process exits when its parent goes away; a detached
// one when asked to shut down. Either way no orphan keeps nodes alive unasked.
import { chmodSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { HollowFleet } from '../hollow/fleet.js';
import type { Reply, RequestEnvelope } from '../hollow/process/messages.js';
import { socketTransport, type Transport } from '../hollow/process/transport.js';
import { createLogger, type Logger } from '../util/log.js';

let fleet: HollowFleet | undefined;

function requireFleet(): HollowFleet {
  if (!fleet) throw new Error('hollow worker process not initialised');
  return fleet;
}

function shutdown(code = 0): void {
  fleet?.close();
  fleet = undefined;
  setImmediate(() => process.exit(code));
}

async function handle(req: RequestEnvelope, logger: Logger): Promise<unknown> {
  switch (req.op) {
    case 'init':
      fleet?.close();
      fleet = await HollowFleet.create({ ...req.fleet, logger });
      return { pid: process.pid };
    case 'hello':
      return { pid: process.pid, hostnamePrefix: fleet?.hostnamePrefix };
    case 'spawn':
      return requireFleet().spawn(req.count);
    case 'pause':
      return requireFleet().pauseHeartbeats(req.selector);
    case 'resume':
      return requireFleet().resumeHeartbeats(req.selector);
    case 'kill':
      return requireFleet().kill(req.selector);
    case 'stats':
      return requireFleet().stats();
    case 'list':
      return requireFleet().list();
    case 'record':
      return requireFleet().recordTasks(req.file);
    case 'shutdown':
      return null;
  }
}

function serve(transport: Transport, logger: Logger, onShutdown: () => void): void {
  transport.onMessage((raw) => {
    const req = raw as RequestEnvelope;
    handle(req, logger).then(
      (result) => {
        transport.send({ id: req.id, ok: true, result } satisfies Reply);
        if (req.op === 'shutdown') onShutdown();
      },
      (err: unknown) =>
        transport.send({
          id: req.id,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        } satisfies Reply),
    );
  });
}

const socketAt = process.argv.indexOf('--socket');
if (socketAt >= 0) {
  const path = process.argv[socketAt + 1];
  if (!path) {
    process.stderr.write('usage: hollow-main.js --socket PATH\n');
    process.exit(2);
  }
  // stderr goes to the process's log file; every line is redacted by the logger.
  const logger = createLogger({ mode: 'plain' });
  rmSync(path, { force: true });
  const server = createServer((socket) =>
    serve(socketTransport(socket), logger, () => {
      server.close();
      rmSync(path, { force: true });
      shutdown(0);
    }),
  );
  server.listen(path, () => {
    chmodSync(path, 0o600); // the join token travels over this socket
    logger.info(`hollow worker process ${process.pid} listening on ${path}`);
  });
  // A detached process whose swarm is gone (a `down` that did not stop it, managers removed by
  // hand) would retry sessions forever: with no worker connected for ORPHAN_MS, it gives up.
  const ORPHAN_MS = Number(process.env.SWARMBENCH_HOLLOW_ORPHAN_MS ?? 15 * 60_000);
  let lastConnected = Date.now();
  setInterval(
    () => {
      const workers = fleet?.list() ?? [];
      if (workers.length === 0 || workers.some((w) => w.state === 'ready')) {
        lastConnected = Date.now();
      } else if (Date.now() - lastConnected > ORPHAN_MS) {
        logger.warn(`no hollow worker has reached a manager for ${Math.round(ORPHAN_MS / 60_000)} min: exiting`);
        rmSync(path, { force: true });
        shutdown(1);
      }
    },
    Math.min(30_000, Math.max(1000, ORPHAN_MS / 2)),
  ).unref();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      rmSync(path, { force: true });
      shutdown(0);
    });
  }
} else if (process.send) {
  const send = (reply: Reply): void => {
    if (process.connected) process.send?.(reply);
  };
  const logger: Logger = {
    debug: (msg) => send({ log: 'debug', msg }),
    info: (msg) => send({ log: 'info', msg }),
    warn: (msg) => send({ log: 'warn', msg }),
    error: (msg) => send({ log: 'error', msg }),
    progress: () => {},
    addFile: () => {},
  };
  serve(
    {
      send,
      onMessage: (h) => process.on('message', h),
      onClose: (h) => process.once('disconnect', h),
      close: () => process.disconnect?.(),
    },
    logger,
    () => shutdown(0),
  );
  // The harness died or closed the channel: nothing may outlive it.
  process.on('disconnect', () => shutdown(0));
} else {
  process.stderr.write('swarmbench hollow worker process: start it from the harness (IPC) or with --socket PATH\n');
  process.exit(2);
}
