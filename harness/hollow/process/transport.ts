// How the harness and a hollow worker process exchange messages: Node's IPC channel when the
// harness forked the process and stays with it (tests, `run` with its own workers), or a unix
// socket (newline-delimited JSON) when the process is detached and outlives the command that
// started it (`up --hollow`, then `run`, `status`, `down` attach to it).
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';

export interface Transport {
  send(msg: unknown): void;
  onMessage(handler: (msg: unknown) => void): void;
  onClose(handler: () => void): void;
  close(): void;
}

export function ipcTransport(child: ChildProcess): Transport {
  return {
    send: (msg) => {
      if (child.connected) child.send(msg as object);
    },
    onMessage: (h) => child.on('message', h),
    onClose: (h) => child.once('exit', h),
    close: () => {
      if (child.connected) child.disconnect();
    },
  };
}

export function socketTransport(socket: Socket): Transport {
  let buffered = '';
  const handlers: ((msg: unknown) => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        continue; // a torn line is dropped; its request times out on the other side
      }
      for (const h of handlers) h(msg);
    }
  });
  return {
    send: (msg) => {
      if (!socket.destroyed) socket.write(JSON.stringify(msg) + '\n');
    },
    onMessage: (h) => handlers.push(h),
    onClose: (h) => socket.once('close', h),
    close: () => socket.end(),
  };
}
