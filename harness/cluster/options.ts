// What `up` accepts, its defaults, and the one check of it (before any Docker call).
import { BadInputError } from '../errors.js';
import type { EngineSpec } from '../docker/engine.js';
import type { Logger } from '../util/log.js';
import type { OuterHostSpec } from './hosts-file.js';
import { checkClusterName, DEFAULT_CLUSTER } from './names.js';
import { parseCidr } from './subnet.js';
import type { NodeMode } from './types.js';

export interface ImageRefs {
  node: string;
  registry: string;
  alpine: string;
  nginx: string;
}

export const DEFAULT_IMAGES: ImageRefs = {
  node: 'swarmbench/node:latest',
  registry: 'swarmbench/registry:latest',
  alpine: 'swarmbench/alpine:latest',
  nginx: 'swarmbench/nginx:latest',
};

/** Settings shared by everything that boots nodes (up, nodes add). */
export interface BootSettings {
  /**
   * Nodes booting at a time per outer host (container start until its engine answers), fixed;
   * undefined: paced to the host (boot-pace.ts). HOST-NOTES: unbounded boots time out.
   */
  startConcurrency?: number;
  /** Joins at a time, fixed; undefined: paced. */
  joinConcurrency?: number;
  /** How long one node may take from its join to Ready before it is given up. */
  nodeTimeoutMs: number;
  /** How long a booting node's engine may take to answer before it is booted again. */
  engineTimeoutMs: number;
  /** Boots per node (the first and its restarts) before it is given up. */
  bootAttempts: number;
  log?: Logger;
  signal?: AbortSignal;
}

export interface UpOptions extends Partial<BootSettings> {
  cluster?: string;
  /** Nodes in the inner swarm, managers included. */
  nodes: number;
  managers?: number;
  /** The engine that manages the outer swarm and holds the managers; default: DOCKER_HOST or the local socket. */
  local?: EngineSpec;
  /** Further outer hosts, joined to the outer swarm as workers. */
  hosts?: OuterHostSpec[];
  /** Address the local engine advertises when swarmbench initialises the outer swarm. */
  advertiseAddr?: string;
  subnet?: string;
  /** Default: what the capability probe finds on the local engine. */
  nodeMode?: NodeMode;
  images?: Partial<ImageRefs>;
  /** Keep the inner `ingress` network (recreated as a /16) for scenarios that need the routing mesh. */
  routingMesh?: boolean;
  /** Inner swarm dispatcher heartbeat period (Swarm default 5 s). */
  heartbeatSeconds?: number;
  /** Remove everything this `up` made when it fails or is interrupted. */
  rmOnFail?: boolean;
  /** Hollow workers wanted in total beside the N real nodes (harness/hollow); 0: none. */
  hollow?: number;
  /** Hollow-worker processes (default: up to 4, one per core). */
  hollowProcesses?: number;
  /** Real nodes that must be Ready for `up` to succeed: a count or "P%" of nodes (default: all). */
  minReady?: number | string;
}

export interface CheckedUpOptions extends BootSettings {
  cluster: string;
  nodes: number;
  managers: number;
  hosts: OuterHostSpec[];
  local?: EngineSpec;
  advertiseAddr?: string;
  subnet?: string;
  nodeMode?: NodeMode;
  images: ImageRefs;
  routingMesh: boolean;
  heartbeatSeconds?: number;
  rmOnFail: boolean;
  hollow: number;
  hollowProcesses?: number;
  /** Real nodes (managers included) that must be Ready. */
  minReady: number;
}

/** Swarm2k lesson: one manager is enough for a handful of nodes, three once the cluster is real. */
export function defaultManagers(nodes: number): number {
  return nodes >= 10 ? 3 : 1;
}

export const DEFAULT_BOOT: BootSettings = { nodeTimeoutMs: 300_000, engineTimeoutMs: 120_000, bootAttempts: 3 };

/** "--min-ready 90%" or "--min-ready 95" against N nodes; default all of them. */
export function resolveMinReady(value: number | string | undefined, nodes: number): number {
  if (value === undefined) return nodes;
  const text = String(value).trim();
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text);
  const n = m ? Number(m[1]) : Number.NaN;
  if (!m || (m[2] === '' && !Number.isInteger(n)) || (m[2] === '%' && n > 100)) {
    throw new BadInputError(`--min-ready must be a whole number of nodes or a percentage such as 90% (got ${text})`);
  }
  const count = m[2] === '%' ? Math.ceil((nodes * n) / 100) : n;
  if (count > nodes) throw new BadInputError(`--min-ready ${text} is more than --nodes ${nodes}`);
  return Math.max(count, 1);
}

export function checkUpOptions(opts: UpOptions): CheckedUpOptions {
  const cluster = checkClusterName(opts.cluster ?? DEFAULT_CLUSTER);
  if (!Number.isInteger(opts.nodes) || opts.nodes < 1) {
    throw new BadInputError(`--nodes must be a whole number of at least 1 (got ${opts.nodes})`);
  }
  const managers = opts.managers ?? Math.min(defaultManagers(opts.nodes), opts.nodes);
  if (![1, 3, 5].includes(managers)) {
    throw new BadInputError(`--managers must be 1, 3 or 5 (got ${managers})`, {
      fix: 'an odd number keeps the Raft quorum meaningful',
    });
  }
  if (managers > opts.nodes) {
    throw new BadInputError(`--managers ${managers} is more than --nodes ${opts.nodes}`, {
      fix: 'managers count towards --nodes',
    });
  }
  if (opts.subnet) parseCidr(opts.subnet);
  if (opts.hollow !== undefined && (!Number.isInteger(opts.hollow) || opts.hollow < 0)) {
    throw new BadInputError(`--hollow must be a whole number of at least 0 (got ${opts.hollow})`);
  }
  for (const [k, v] of Object.entries({
    startConcurrency: opts.startConcurrency,
    joinConcurrency: opts.joinConcurrency,
    bootAttempts: opts.bootAttempts,
  })) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw new BadInputError(`${k} must be a whole number of at least 1`);
  }
  return {
    ...DEFAULT_BOOT,
    ...stripUndefined({
      startConcurrency: opts.startConcurrency,
      joinConcurrency: opts.joinConcurrency,
      nodeTimeoutMs: opts.nodeTimeoutMs,
      engineTimeoutMs: opts.engineTimeoutMs,
      bootAttempts: opts.bootAttempts,
    }),
    log: opts.log,
    signal: opts.signal,
    cluster,
    nodes: opts.nodes,
    managers,
    hosts: opts.hosts ?? [],
    local: opts.local,
    advertiseAddr: opts.advertiseAddr,
    subnet: opts.subnet,
    nodeMode: opts.nodeMode,
    images: { ...DEFAULT_IMAGES, ...stripUndefined(opts.images ?? {}) },
    routingMesh: opts.routingMesh ?? false,
    heartbeatSeconds: opts.heartbeatSeconds,
    rmOnFail: opts.rmOnFail ?? false,
    hollow: opts.hollow ?? 0,
    hollowProcesses: opts.hollowProcesses,
    minReady: resolveMinReady(opts.minReady, opts.nodes),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
