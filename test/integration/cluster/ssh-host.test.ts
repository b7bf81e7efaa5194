// An outer host reached over ssh:// really works: dockerode opens an SSH connection per request
// and runs `docker system dial-stdio` on the far side, as the docker CLI does. The far side here
// is an SSH server on this machine's loopback (the ssh2 library's server, since this host has no
// sshd) that accepts only the test's key, offered by a real ssh-agent, and runs the real
// `docker system dial-stdio` against the real engine. The host's key must be in known_hosts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server, utils, type Connection } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listContainers, removeContainer, runContainer } from '../../../harness/docker/containers.js';
import { connect, type Engine } from '../../../harness/docker/engine.js';
import { describeError, InfrastructureError } from '../../../harness/errors.js';
import { retryUntil } from '../../../harness/util/retry.js';

const LABELS = { 'swarmbench.cluster': `t-ssh-${process.pid}`, 'swarmbench.role': 'worker' };
const dir = mkdtempSync(join(tmpdir(), 'sb-ssh-'));
const agentSocket = join(dir, 'agent.sock');
const knownHosts = join(dir, 'known_hosts');
const local = connect();
let server: Server;
let agent: ChildProcess;
let url = '';
let engine: Engine;
const savedAgent = process.env.SSH_AUTH_SOCK;

function keygen(name: string): string {
  const file = join(dir, name);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  if (r.status !== 0) throw new Error(`ssh-keygen: ${r.stderr}`);
  return file;
}

/** Serves `docker system dial-stdio` to a client holding `allowed`, and nothing else. */
function sshServer(hostKey: Buffer, allowed: ReturnType<typeof utils.parseKey>): Server {
  if (allowed instanceof Error) throw allowed;
  return new Server({ hostKeys: [hostKey] }, (client: Connection) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.key.algo !== allowed.type || !ctx.key.data.equals(allowed.getPublicSSH()))
        return ctx.reject(['publickey']);
      if (!ctx.signature) return ctx.accept(); // the client asks whether this key would do
      return allowed.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject();
    });
    client.on('ready', () =>
      client.on('session', (acceptSession) =>
        acceptSession().on('exec', (accept, reject, info) => {
          if (info.command !== 'docker system dial-stdio') return reject();
          const stream = accept();
          const child = spawn('docker', ['system', 'dial-stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
          stream.pipe(child.stdin);
          child.stdout.pipe(stream);
          child.stderr.pipe(stream.stderr);
          stream.on('close', () => child.kill());
          child.on('exit', (code) => {
            stream.exit(code ?? 1);
            stream.end();
          });
        }),
      ),
    );
  });
}

beforeAll(async () => {
  const hostKey = readFileSync(keygen('host_key'));
  const userKey = keygen('id_ed25519');
  server = sshServer(hostKey, utils.parseKey(readFileSync(`${userKey}.pub`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  url = `ssh://root@127.0.0.1:${port}`;
  // As `ssh-keyscan -p PORT 127.0.0.1` would write it.
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  await retryUntil(
    async () => spawnSync('ssh-add', [userKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } }).status,
    (status) => status === 0,
    { timeoutMs: 10_000, intervalMs: 100, onTimeout: () => new Error('ssh-agent did not take the key') },
  );
  process.env.SSH_AUTH_SOCK = agentSocket;
  engine = connect({ name: 'host-ssh', url, knownHosts });
}, 60_000);

afterAll(async () => {
  for (const c of await listContainers(local, LABELS).catch(() => []))
    await removeContainer(local, c.id).catch(() => undefined);
  if (savedAgent === undefined) delete process.env.SSH_AUTH_SOCK;
  else process.env.SSH_AUTH_SOCK = savedAgent;
  agent?.kill();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('an outer host over ssh://', () => {
  it('answers as the same engine, with the key the agent holds', async () => {
    expect((await engine.version()).version).toBe((await local.version()).version);
  });

  it('creates, lists and removes containers the way up and down do', { timeout: 120_000 }, async () => {
    const id = await runContainer(engine, {
      name: `t-ssh-${process.pid}`,
      image: 'swarmbench/alpine:latest',
      cmd: ['sleep', '300'],
      labels: LABELS,
    });
    expect((await listContainers(local, LABELS)).map((c) => c.id)).toEqual([id]);
    expect((await listContainers(engine, LABELS))[0]).toMatchObject({ id, state: 'running' });
    await removeContainer(engine, id);
    expect(await listContainers(local, LABELS)).toEqual([]);
  });

  it('without a key the host accepts, the message names the host and the fix', async () => {
    process.env.SSH_AUTH_SOCK = join(dir, 'no-agent.sock');
    const keyless = connect({ name: 'host-ssh', url, knownHosts });
    process.env.SSH_AUTH_SOCK = agentSocket;
    const err = await keyless.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfrastructureError);
    expect(describeError(err)).toMatch(
      new RegExp(`Docker Engine "host-ssh" at ${url} does not answer[\\s\\S]*fix: .*ssh-agent`),
    );
  });

  it('a host whose key is not in known_hosts is refused, and the message says how to add it', async () => {
    const unknown = connect({ name: 'host-ssh', url, knownHosts: join(dir, 'empty_known_hosts') });
    const err = await unknown.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfrastructureError);
    expect(describeError(err)).toMatch(
      /verification failed[\s\S]*fix: the host's key is not in .*empty_known_hosts: connect once with `ssh -p \d+ root@127.0.0.1`/,
    );
  });
});
