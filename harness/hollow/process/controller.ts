// The harness side of one hollow worker process. Either forked (Node IPC; the process dies with
// the harness) or detached (a unix socket; the process outlives the command that started it and
// later commands attach to it). Requests are matched to replies by id; log lines of a forked
// process go through the harness logger, which redacts; close() makes sure the process is gone.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { InfrastructureError } from '../../errors.js';
import { silentLogger, type Logger } from '../../util/log.js';
import { packageRoot } from '../../util/package-root.js';
import { retryUntil } from '../../util/retry.js';
import type { FleetInit, Reply, Request, Results } from './messages.js';
import { ipcTransport, socketTransport, type Transport } from './transport.js';

/** The compiled main of a worker process (harness/cli/hollow-main.ts), in the package's dist/
 *  whether this file runs from dist/ or from the sources (vitest). */
export function defaultEntryPath(): string {
  const built = join(packageRoot(), 'dist', 'harness', 'cli', 'hollow-main.js');
  if (existsSync(built)) return built;
  throw new InfrastructureError('the hollow worker process entry is not built', { fix: 'run npm run build' });
}

export interface HollowProcessOptions {
  entry?: string;
  logger?: Logger;
  /** Label for log lines and errors, e.g. "hollow-p0". */
  name?: string;
  /** Heap limit of the process; thousands of workers need more than the default on small hosts. */
  maxOldSpaceMb?: number;
}

export interface DetachedOptions extends HollowProcessOptions {
  socketPath: string;
  /** The process's stdout and stderr (redacted log lines). */
  logFile: string;
}

/** Whether the process exists and is not a zombie (a detached process's parent may not reap it). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

export class HollowProcess {
  private readonly logger: Logger;
  private readonly name: string;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private ended = false;
  private readonly endedPromise: Promise<void>;
  private knownPid: number | undefined;
  private prefix: string | undefined;

  private constructor(
    private readonly transport: Transport,
    opts: HollowProcessOptions,
    private readonly child?: ChildProcess,
  ) {
    this.logger = opts.logger ?? silentLogger;
    this.name = opts.name ?? 'hollow';
    this.knownPid = child?.pid;
    transport.onMessage((raw) => this.onMessage(raw as Reply));
    this.endedPromise = new Promise((resolve) => {
      transport.onClose(() => {
        this.ended = true;
        const err = new InfrastructureError(`hollow worker process ${this.name} is not running (connection closed)`);
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
        resolve();
      });
    });
  }

  private static execArgv(opts: HollowProcessOptions): string[] {
    // SWARMBENCH_HOLLOW_NODE_ARGS adds Node flags to the worker processes only, e.g.
    // "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where the simulator spends its CPU (Node
    // refuses --cpu-prof in NODE_OPTIONS, and NODE_OPTIONS would profile the harness too).
    const extra = (process.env['SWARMBENCH_HOLLOW_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);
    return [...(opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : []), ...extra];
  }

  /** Forks a process tied to this one and initialises its fleet (fetches and checks the root CA). */
  static async start(init: FleetInit, opts: HollowProcessOptions = {}): Promise<HollowProcess> {
    const child = fork(opts.entry ?? defaultEntryPath(), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: HollowProcess.execArgv(opts),
    });
    return HollowProcess.initialise(new HollowProcess(ipcTransport(child), opts, child), init);
  }

  /** Starts a detached process serving a unix socket, then initialises its fleet. */
  static async startDetached(init: FleetInit, opts: DetachedOptions): Promise<HollowProcess> {
    const log = openSync(opts.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [...HollowProcess.execArgv(opts), opts.entry ?? defaultEntryPath(), '--socket', opts.socketPath],
        {
          detached: true,
          stdio: ['ignore', log, log],
        },
      );
    } finally {
      closeSync(log);
    }
    child.unref();
    const pid = child.pid;
    let p: HollowProcess;
    try {
      p = (await retryUntil(
        () =>
          HollowProcess.attach(opts.socketPath, opts).then(
            (h) => h,
            () => undefined,
          ),
        (h) => h !== undefined,
        {
          timeoutMs: 15_000,
          intervalMs: 100,
          onTimeout: () =>
            new InfrastructureError(`hollow worker process did not open ${opts.socketPath}; see ${opts.logFile}`),
        },
      )) as HollowProcess;
    } catch (err) {
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      throw err;
    }
    return HollowProcess.initialise(p, init);
  }

  /** Connects to a detached process by its socket. */
  static attach(socketPath: string, opts: HollowProcessOptions = {}): Promise<HollowProcess> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', () => socket.destroy()); // surfaces as a closed connection
        const p = new HollowProcess(socketTransport(socket), opts);
        p.request({ op: 'hello' }).then(({ pid, hostnamePrefix }) => {
          p.knownPid = pid;
          p.prefix = hostnamePrefix;
          resolve(p);
        }, reject);
      });
    });
  }

  private static async initialise(p: HollowProcess, init: FleetInit): Promise<HollowProcess> {
    try {
      const { pid } = await p.request({ op: 'init', fleet: init });
      p.knownPid = pid;
      p.prefix = init.hostnamePrefix;
    } catch (err) {
      await p.close();
      throw err;
    }
    return p;
  }

  get pid(): number | undefined {
    return this.knownPid;
  }

  /** The hostname prefix of this process's workers (known once initialised). */
  get hostnamePrefix(): string | undefined {
    return this.prefix;
  }

  private onMessage(reply: Reply): void {
    if ('log' in reply) {
      this.logger[reply.log](`${this.name}: ${reply.msg}`);
      return;
    }
    const w = this.waiting.get(reply.id);
    if (!w) return;
    this.waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.result);
    else w.reject(new InfrastructureError(`${this.name}: ${reply.error}`));
  }

  /**
   * Sends a request and waits for its reply. Spawns take as long as the joins do; anything else
   * that has no answer within timeoutMs means the process is stuck, and says so.
   */
  request<Op extends Request['op']>(
    req: Extract<Request, { op: Op }>,
    timeoutMs: number | undefined = req.op === 'spawn' || req.op === 'init' ? undefined : 60_000,
  ): Promise<Results[Op]> {
    if (this.ended) return Promise.reject(new InfrastructureError(`hollow worker process ${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<Results[Op]>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiting.delete(id);
              reject(
                new InfrastructureError(
                  `hollow worker process ${this.name} did not answer "${req.op}" within ${timeoutMs} ms`,
                ),
              );
            }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          if (timer) clearTimeout(timer);
          resolve(v as Results[Op]);
        },
        reject: (e) => {
          if (timer) clearTimeout(timer);
          reject(e);
        },
      });
      this.transport.send({ ...req, id });
    });
  }

  /** Leaves a detached process running and closes only this connection. */
  detach(): void {
    this.transport.close();
  }

  /** Asks the process to stop its workers and exit; kills it if it is still there after timeoutMs. */
  async close(timeoutMs = 10_000): Promise<void> {
    const pid = this.knownPid;
    if (!this.ended) {
      await Promise.race([
        this.request({ op: 'shutdown' }).catch(() => null),
        new Promise((r) => setTimeout(r, timeoutMs)),
      ]);
      this.transport.close();
    }
    if (pid === undefined) return;
    // Still there after timeoutMs is not an error: it is killed.
    await retryUntil(
      async () => alive(pid),
      (up) => !up,
      {
        timeoutMs,
        intervalMs: 50,
        onTimeout: () => new Error(`hollow worker process ${pid} did not exit`),
      },
    ).catch(() => undefined);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (this.child) await this.endedPromise;
  }

  /** Chaos: the whole process dies at once, as a host would. */
  async kill(): Promise<void> {
    const pid = this.knownPid;
    if (pid === undefined) {
      this.transport.close();
      return;
    }
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    await this.endedPromise;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
