// Entry of a hollow worker process: one fleet, driven by IPC requests from the harness
// (process/controller.ts). It exits when asked, or when its parent goes away, so no orphan
// process keeps nodes alive after a crashed run.
import type { Logger } from '../../util/log.js';
import { HollowFleet } from '../fleet.js';
import type { Reply, RequestEnvelope } from './messages.js';

if (!process.send) {
  process.stderr.write('swarmbench hollow worker process: must be started by the harness (IPC channel missing)\n');
  process.exit(2);
}

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

let fleet: HollowFleet | undefined;

function requireFleet(): HollowFleet {
  if (!fleet) throw new Error('hollow worker process not initialised');
  return fleet;
}

async function handle(req: RequestEnvelope): Promise<unknown> {
  switch (req.op) {
    case 'init':
      fleet?.close();
      fleet = await HollowFleet.create({ ...req.fleet, logger });
      return { pid: process.pid };
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
    case 'shutdown':
      fleet?.close();
      fleet = undefined;
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (raw) => {
  const req = raw as RequestEnvelope;
  handle(req).then(
    (result) => send({ id: req.id, ok: true, result }),
    (err: unknown) => send({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});

// The harness died or closed the channel: nothing may outlive it.
process.on('disconnect', () => {
  fleet?.close();
  process.exit(0);
});
