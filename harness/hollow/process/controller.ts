// The harness side of one hollow worker process: forks process/entry.js, sends requests and
// awaits their replies, forwards the process's log lines (through the harness logger, which
// redacts), and makes sure the process is gone on close.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfrastructureError } from '../../errors.js';
import { silentLogger, type Logger } from '../../util/log.js';
import type { FleetInit, Reply, Request, Results } from './messages.js';

/** The compiled entry: beside this file when running from dist/, else in the package's dist/. */
export function defaultEntryPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'entry.js');
  if (existsSync(beside)) return beside;
  const built = join(here, '..', '..', '..', 'dist', 'harness', 'hollow', 'process', 'entry.js');
  if (existsSync(built)) return built;
  throw new InfrastructureError('the hollow worker process entry is not built', { fix: 'run npm run build' });
}

export interface HollowProcessOptions {
  entry?: string;
  logger?: Logger;
  /** Label for log lines, e.g. "hollow-p0". */
  name?: string;
  /** Heap limit of the process; thousands of workers need more than the default on small hosts. */
  maxOldSpaceMb?: number;
}

export class HollowProcess {
  private readonly child: ChildProcess;
  private readonly logger: Logger;
  private readonly name: string;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;
  private readonly exit: Promise<void>;

  private constructor(opts: HollowProcessOptions) {
    this.logger = opts.logger ?? silentLogger;
    this.name = opts.name ?? 'hollow';
    const execArgv = opts.maxOldSpaceMb ? [`--max-old-space-size=${opts.maxOldSpaceMb}`] : [];
    this.child = fork(opts.entry ?? defaultEntryPath(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    this.child.on('message', (raw) => this.onMessage(raw as Reply));
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        const err = new InfrastructureError(`hollow worker process ${this.name} exited (${signal ?? code})`);
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
        resolve();
      });
    });
  }

  /** Forks the process and initialises its fleet (fetches and checks the swarm's root CA). */
  static async start(init: FleetInit, opts: HollowProcessOptions = {}): Promise<HollowProcess> {
    const p = new HollowProcess(opts);
    try {
      await p.request({ op: 'init', fleet: init });
    } catch (err) {
      await p.close();
      throw err;
    }
    return p;
  }

  get pid(): number | undefined {
    return this.child.pid;
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

  request<Op extends Request['op']>(req: Extract<Request, { op: Op }>): Promise<Results[Op]> {
    if (this.exited) return Promise.reject(new InfrastructureError(`hollow worker process ${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<Results[Op]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...req, id });
    });
  }

  /** Asks the process to stop its workers and exit; kills it if it does not within timeoutMs. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.request({ op: 'shutdown' }).catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exit;
    clearTimeout(timer);
  }

  /** Chaos: the whole process dies at once, as a host would. */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
