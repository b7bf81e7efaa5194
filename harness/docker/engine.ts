// The one door to Docker: connecting to an engine (unix socket, tcp with TLS, ssh) and the
// error classification every caller shares. Only files under harness/docker/ import dockerode.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { BadInputError, InfrastructureError, SwarmbenchError } from '../errors.js';
import { hostKeyVerifier } from './known-hosts.js';

export interface EngineSpec {
  /** A short name for this outer host, used in labels and reports ("local", "host-b"). */
  name: string;
  /** unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host */
  url: string;
  /** Directory holding ca.pem, cert.pem, key.pem for tcp:// with TLS. */
  tlsDir?: string;
  /** For ssh://: the known_hosts file to check the host's key against (default: OpenSSH's). */
  knownHosts?: string;
}

export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  kernel: string;
}

export interface EngineEndpoint {
  /** 'http', 'https' or 'ssh'; a unix socket speaks http over socketPath. */
  protocol: string;
  host?: string;
  port?: number;
  socketPath?: string;
}

/** A connected engine. `api` is for harness/docker/ only; everything else calls its functions. */
export class Engine {
  readonly spec: EngineSpec;
  readonly api: Dockerode;

  constructor(spec: EngineSpec, api?: Dockerode) {
    this.spec = spec;
    this.api = api ?? new (dockerode())(dockerodeOptions(spec));
  }

  get name(): string {
    return this.spec.name;
  }

  /** How the engine is reached, as the client resolved its URL (scheme, address, port or socket). */
  get endpoint(): EngineEndpoint {
    const m = this.api.modem as { protocol?: string; host?: string; port?: number | string; socketPath?: string };
    return {
      protocol: m.protocol ?? 'http',
      host: m.host,
      port: m.port === undefined ? undefined : Number(m.port),
      socketPath: typeof m.socketPath === 'string' ? m.socketPath : undefined,
    };
  }

  /** Pings the engine; throws an InfrastructureError naming the cause and the fix. */
  async version(): Promise<EngineVersion> {
    try {
      const v = await this.api.version();
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, kernel: v.KernelVersion };
    } catch (err) {
      throw engineUnreachable(this.spec, err);
    }
  }
}

/**
 * dockerode, loaded when the first engine is connected rather than when this module is: it
 * (with ssh2 and protobufjs beneath it) costs about 0.2 s of CPU, which commands that never
 * reach an engine (`--help`, `validate`, `scenarios`) should not pay.
 */
function dockerode(): typeof Dockerode {
  return createRequire(import.meta.url)('dockerode') as typeof Dockerode;
}

export function defaultEngineSpec(): EngineSpec {
  const host = process.env.DOCKER_HOST;
  if (host) return { name: 'local', url: host, tlsDir: process.env.DOCKER_CERT_PATH };
  return { name: 'local', url: 'unix:///var/run/docker.sock' };
}

export function connect(spec: EngineSpec = defaultEngineSpec()): Engine {
  return new Engine(spec);
}

function dockerodeOptions(spec: EngineSpec): Dockerode.DockerOptions {
  const url = new URL(spec.url);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname };
    case 'tcp:':
    case 'https:':
    case 'http:': {
      const port = Number(url.port || (spec.tlsDir ? 2376 : 2375));
      if (!spec.tlsDir) return { host: url.hostname, port, protocol: 'http' };
      const read = (f: string) => {
        const file = join(spec.tlsDir!, f);
        try {
          return readFileSync(file);
        } catch (err) {
          throw new BadInputError(
            `engine "${spec.name}" (${spec.url}): cannot read its TLS file ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
            {
              fix: 'tlsDir must hold ca.pem, cert.pem and key.pem, as DOCKER_CERT_PATH does for the docker CLI',
            },
          );
        }
      };
      return {
        host: url.hostname,
        port,
        protocol: 'https',
        ca: read('ca.pem'),
        cert: read('cert.pem'),
        key: read('key.pem'),
      };
    }
    case 'ssh:': {
      const port = Number(url.port || 22);
      return {
        protocol: 'ssh',
        host: url.hostname,
        port,
        username: url.username || undefined,
        sshOptions: {
          agent: process.env.SSH_AUTH_SOCK,
          hostVerifier: hostKeyVerifier(url.hostname, port, spec.knownHosts),
        },
      } as Dockerode.DockerOptions;
    }
    default:
      throw new InfrastructureError(`engine URL ${spec.url} has an unknown scheme`, {
        fix: 'use unix:///path/to/docker.sock, tcp://host:2376 (with tlsDir) or ssh://user@host',
      });
  }
}

export function engineUnreachable(spec: EngineSpec, err: unknown): InfrastructureError {
  const detail = err instanceof Error ? err.message : String(err);
  return new InfrastructureError(`Docker Engine "${spec.name}" at ${spec.url} does not answer (${detail})`, {
    cause: err,
    fix: spec.url.startsWith('unix:')
      ? 'start it (`npm run setup` installs and starts one; or `dockerd >/var/log/dockerd.log 2>&1 &`) or set DOCKER_HOST'
      : spec.url.startsWith('ssh:')
        ? sshFix(spec, detail)
        : 'check that the host is up and that the URL and TLS files in hosts.yaml are right',
  });
}

/** What to do about an ssh:// host that does not answer: its host key, the agent, or the host. */
function sshFix(spec: EngineSpec, detail: string): string {
  const u = new URL(spec.url);
  const target = `${u.port ? `-p ${u.port} ` : ''}${u.username ? `${u.username}@` : ''}${u.hostname}`;
  if (detail.includes('verification failed')) {
    return `the host's key is not in ${spec.knownHosts ?? '~/.ssh/known_hosts'}: connect once with \`ssh ${target}\` and accept its key after checking it`;
  }
  return `check that the host is up, that ssh-agent (SSH_AUTH_SOCK) holds a key it accepts, and that \`ssh ${target} docker version\` works`;
}

/**
 * A connection error from any engine call (socket missing, connection refused) or a timeout
 * that outlived its retries, as the one sentence a person needs; other errors pass unchanged.
 */
export function explainEngineError(err: unknown, spec: EngineSpec = defaultEngineSpec()): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES') {
    const address = (err as { address?: string }).address;
    if (address === undefined || spec.url.includes(address)) return engineUnreachable(spec, err);
  }
  if (
    err instanceof Error &&
    !(err instanceof SwarmbenchError) &&
    TIMEOUT_MESSAGES.some((m) => err.message.includes(m))
  ) {
    return overloaded(err);
  }
  return err;
}

/** The transient errors that are timeouts: what is left of them after the retries means an overloaded host. */
const TIMEOUT_MESSAGES = [
  'rpc error: code = DeadlineExceeded',
  'context deadline exceeded',
  'ETIMEDOUT',
  'i/o timeout',
  'TLS handshake timeout',
];

/**
 * A timeout from an engine or an inner manager (e.g. a Raft write that missed its deadline)
 * nearly always means the host is overloaded: at a couple of hundred nodes on 2 cores the
 * last joins can tip it into a gossip storm. Say so with the load, instead of the bare gRPC text.
 */
function overloaded(err: Error): InfrastructureError {
  const load = loadavg()[0] ?? 0;
  return new InfrastructureError(
    `${err.message.trim()}: an engine or an inner swarm manager did not answer in time (load average here: ${load.toFixed(0)} on ${cpus().length} cores)`,
    {
      cause: err,
      fix: 'the host is likely overloaded: use fewer nodes (`swarmbench doctor` estimates how many fit) or more hosts (--hosts); `swarmbench status` shows what is there, `swarmbench down` removes it',
    },
  );
}

/** The HTTP status of a dockerode error, when it has one. */
export function statusOf(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Runs op and treats the listed statuses as success (304 on stop, 404 on remove, 409 on exists). */
export async function tolerate<T>(op: Promise<T>, ...statuses: number[]): Promise<T | undefined> {
  try {
    return await op;
  } catch (err) {
    if (statuses.includes(statusOf(err) ?? -1)) return undefined;
    throw err;
  }
}

const TRANSIENT_MESSAGES = [
  ...TIMEOUT_MESSAGES,
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'socket hang up',
  'connection reset',
  'rpc error: code = Unavailable',
  'timeout',
  'EAI_AGAIN',
];

/** True for errors worth retrying with backoff: connection trouble and an engine under load. */
export function isTransient(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined && [502, 503, 504].includes(status)) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return TRANSIENT_MESSAGES.some((m) => msg.includes(m));
}
