// Joining hollow workers to a swarm, the way `docker swarm join` does: fetch the root CA over
// unverified TLS and check it against the token's digest, then (over TLS verified against that
// root) ask NodeCA for a certificate with the token and a P-256 CSR, and wait for it to be
// issued. One Joiner serves every worker of a process over one shared channel: before a node
// has its certificate there is no client identity to keep apart.
import * as grpc from '@grpc/grpc-js';
import { InfrastructureError } from '../errors.js';
import { withBackoff } from '../util/retry.js';
import { grpcDetails, isTransient } from './grpc-errors.js';
import { parseJoinToken, rootMatchesToken, type ParsedJoinToken } from './join-token.js';
import { nodeCertInfo } from './pki/cert-info.js';
import { csrForPem, generateNodeKey } from './pki/csr.js';
import { IssuanceState, swarmkitProtocol, unary, type NodeCAClient } from './protocol.js';

/** A join given up after the manager created the node: `nodeId` is left in the swarm. */
export class AbandonedJoinError extends Error {
  constructor(
    message: string,
    readonly nodeId: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ManagerTarget {
  /**
   * host:port of a manager's swarm port (2377), e.g. "172.18.0.3:2377", or several managers'
   * (IPv4 literals): a worker then fails over to the next when its manager goes away.
   */
  address: string | string[];
  /** The name the manager's certificate is issued for; swarm managers carry "swarm-manager". */
  serverName?: string;
}

export function targetAddresses(target: ManagerTarget): string[] {
  return Array.isArray(target.address) ? target.address : [target.address];
}

/**
 * The gRPC target for the managers. Several addresses become one `ipv4:` target (pick_first
 * tries them in order), rotated by `offset` so that workers spread over the managers the way
 * real agents do, and move on to the next manager when theirs dies.
 */
export function grpcTarget(target: ManagerTarget, offset = 0): string {
  const list = targetAddresses(target);
  if (list.length === 1) return list[0]!;
  const k = offset % list.length;
  return `ipv4:${[...list.slice(k), ...list.slice(0, k)].join(',')}`;
}

export interface JoinedNode {
  nodeId: string;
  privateKeyPem: string;
  certChainPem: string;
}

/** A complete assignment set of a busy node can be large; swarmkit allows 128 MiB. */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/** Channel options of the grpc-js channels joins use. */
export function channelOptions(target: ManagerTarget): grpc.ChannelOptions {
  const name = target.serverName ?? 'swarm-manager';
  return {
    'grpc.ssl_target_name_override': name,
    'grpc.default_authority': name,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    // Each worker has its own TLS identity, so nothing can be shared through the global pool.
    'grpc.use_local_subchannel_pool': 1,
    // Channelz keeps per-channel call counters and traces: thousands of channels per process
    // pay for them on every heartbeat, and nothing here reads them.
    'grpc.enable_channelz': 0,
  };
}

export async function fetchRootCa(target: ManagerTarget, token: ParsedJoinToken, timeoutMs = 10_000): Promise<Buffer> {
  const { CA } = swarmkitProtocol();
  // Unverified on purpose, as in swarmkit: the token's digest is what authenticates the root.
  const insecure = grpc.credentials.createSsl(null, null, null, { rejectUnauthorized: false });
  const client = new CA(grpcTarget(target), insecure, channelOptions(target));
  const where = targetAddresses(target).join(', ');
  try {
    const res = await withBackoff(() => unary(client, client.GetRootCACertificate, {}, timeoutMs), {
      attempts: 5,
      retryable: isTransient,
    });
    if (!rootMatchesToken(res.certificate, token)) {
      throw new InfrastructureError(`the manager at ${where} presents a root CA that does not match the join token`, {
        fix: 'use the join token of this swarm (docker swarm join-token worker -q on its manager)',
      });
    }
    return res.certificate;
  } catch (err) {
    if (err instanceof InfrastructureError) throw err;
    throw new InfrastructureError(`cannot fetch the root CA from the manager at ${where}: ${grpcDetails(err)}`, {
      cause: err,
      fix: 'check that the manager is running and its swarm port (2377) answers at that address from this host',
    });
  } finally {
    client.close();
  }
}

export interface JoinerOptions {
  /** Deadline for one IssueNodeCertificate call; a busy manager is slow to write to raft. */
  issueTimeoutMs?: number;
  /** Deadline of one NodeCertificateStatus wait (the manager holds the call until issued). */
  statusTimeoutMs?: number;
  attempts?: number;
}

export class Joiner {
  readonly rootCaPem: string;
  private readonly client: NodeCAClient;
  private readonly opts: Required<JoinerOptions>;

  private constructor(
    target: ManagerTarget,
    private readonly token: string,
    rootCa: Buffer,
    opts: JoinerOptions,
  ) {
    this.rootCaPem = rootCa.toString();
    const { NodeCA } = swarmkitProtocol();
    this.client = new NodeCA(grpcTarget(target), grpc.credentials.createSsl(rootCa), channelOptions(target));
    // A generous issue deadline: a retry after a timeout may leave the first request's node behind
    // in the manager (it cannot be told apart), so timing out early costs orphan nodes.
    this.opts = { issueTimeoutMs: 60_000, statusTimeoutMs: 30_000, attempts: 6, ...opts };
  }

  static async connect(target: ManagerTarget, token: string, opts: JoinerOptions = {}): Promise<Joiner> {
    const parsed = parseJoinToken(token);
    const root = await fetchRootCa(target, parsed);
    return new Joiner(target, token, root, opts);
  }

  /** Joins one node; a saved key may be re-used so that only the certificate is new. */
  async join(privateKeyPem?: string): Promise<JoinedNode> {
    const key = privateKeyPem ? { privateKeyPem, csrPem: csrForPem(privateKeyPem) } : generateNodeKey();
    const { nodeId } = await withBackoff(
      () =>
        unary(
          this.client,
          this.client.IssueNodeCertificate,
          { role: 0, csr: Buffer.from(key.csrPem), token: this.token, availability: 0 },
          this.opts.issueTimeoutMs,
        ),
      { attempts: this.opts.attempts, initialMs: 500, retryable: isTransient },
    ).catch((err: unknown) => {
      throw new InfrastructureError(`the manager refused a certificate: ${grpcDetails(err)}`, { cause: err });
    });
    // From here the manager has a node for this join: a failure leaves it behind (see join-retry.ts).
    const certChainPem = await this.waitIssued(nodeId).catch((err: unknown) => {
      throw new AbandonedJoinError(err instanceof Error ? err.message : String(err), nodeId, { cause: err });
    });
    const info = nodeCertInfo(certChainPem);
    if (info.nodeId !== nodeId) {
      throw new AbandonedJoinError(`issued certificate names node ${info.nodeId}, expected ${nodeId}`, nodeId);
    }
    return { nodeId, privateKeyPem: key.privateKeyPem, certChainPem };
  }

  private async waitIssued(nodeId: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await unary(this.client, this.client.NodeCertificateStatus, { nodeId }, this.opts.statusTimeoutMs);
        const state = res.status?.state ?? IssuanceState.UNKNOWN;
        if (state === IssuanceState.ISSUED && res.certificate?.certificate.length) {
          return res.certificate.certificate.toString();
        }
        if (state === IssuanceState.FAILED) {
          throw new InfrastructureError(`certificate issuance failed for node ${nodeId}: ${res.status?.err ?? ''}`);
        }
        // Still pending after the manager's own wait: ask again, without hammering it.
        await new Promise((resolve) => setTimeout(resolve, 500));
      } catch (err) {
        if (err instanceof InfrastructureError || !isTransient(err) || attempt >= this.opts.attempts) {
          throw err instanceof InfrastructureError
            ? err
            : new InfrastructureError(`waiting for the certificate of node ${nodeId}: ${grpcDetails(err)}`, {
                cause: err,
              });
        }
      }
    }
  }

  close(): void {
    this.client.close();
  }
}
