// The cluster library: what the CLI and scenario code call. Everything is found by labels, so
// `open` and `down` work from any process, including after the one that ran `up` was killed.
import { BadInputError } from '../errors.js';
import { connect, defaultEngineSpec, type EngineSpec } from '../docker/engine.js';
import type { Logger } from '../util/log.js';
import { downCluster, type DownOptions, type DownReport } from './down.js';
import { Cluster } from './handle.js';
import { checkClusterName, DEFAULT_CLUSTER } from './names.js';
import { DEFAULT_BOOT, DEFAULT_IMAGES, type BootSettings, type ImageRefs } from './options.js';
import { clusterNames, discover } from './runtime.js';
import { clusterStatus, type ClusterStatus } from './status.js';

export { up, type UpReport, type StartedCluster } from './up.js';
export { Cluster } from './handle.js';
export type { UpOptions, ImageRefs, BootSettings } from './options.js';
export type { DownReport, DownOptions } from './down.js';
export type { ClusterStatus } from './status.js';
export type { NodeFailure } from './boot.js';
export type { NodeRecord } from './runtime.js';
export { readHostsFile, type OuterHostSpec } from './hosts-file.js';
export { DEFAULT_CLUSTER } from './names.js';

export interface OpenOptions {
  local?: EngineSpec;
  log?: Logger;
  settings?: Partial<BootSettings>;
  images?: Partial<ImageRefs>;
}

/** Attaches to an existing cluster; BadInputError when there is none of that name. */
export async function open(name: string = DEFAULT_CLUSTER, opts: OpenOptions = {}): Promise<Cluster> {
  const local = connect(opts.local ?? defaultEngineSpec());
  await local.version();
  const rt = await discover(local, checkClusterName(name));
  if (!rt) {
    throw new BadInputError(`no cluster named "${name}" on engine "${local.name}"`, {
      fix: `create it with \`swarmbench up --cluster ${name} --nodes N\`, or see \`swarmbench status\``,
    });
  }
  return new Cluster(rt, { ...DEFAULT_BOOT, log: opts.log, ...opts.settings }, { ...DEFAULT_IMAGES, ...opts.images });
}

export async function down(name: string, opts: DownOptions & { local?: EngineSpec } = {}): Promise<DownReport> {
  const local = connect(opts.local ?? defaultEngineSpec());
  await local.version();
  return downCluster(local, checkClusterName(name), opts);
}

/** Every cluster with any labelled object on the known engines (for `down --all` and `status`). */
export async function list(opts: { local?: EngineSpec } = {}): Promise<string[]> {
  const local = connect(opts.local ?? defaultEngineSpec());
  await local.version();
  return clusterNames(local);
}

export async function status(
  name: string,
  opts: { local?: EngineSpec; memory?: boolean } = {},
): Promise<ClusterStatus> {
  const cluster = await open(name, opts);
  return clusterStatus(cluster.runtime, opts);
}
