// The labels every object swarmbench creates carries. Teardown and `open` find a cluster by
// these alone, so they hold everything needed to recover the state after a crash.
export const LABEL = {
  cluster: 'swarmbench.cluster',
  role: 'swarmbench.role',
  /** Outer host (engine spec name) a node container runs on. */
  host: 'swarmbench.host',
  /** Node ordinal inside the cluster; names are derived from it. */
  index: 'swarmbench.index',
  /** The node a volume belongs to. */
  node: 'swarmbench.node',
  /** On the overlay network: the cluster's settings. */
  subnet: 'swarmbench.subnet',
  nodeMode: 'swarmbench.node-mode',
  /** On outer swarm nodes: how to reach that host's engine (JSON EngineSpec). */
  engine: 'swarmbench.engine',
  /** On the outer swarm (spec label) or an outer node: swarmbench created/joined it, so it may undo it. */
  createdBy: 'swarmbench.created-by',
  /** On an InfluxDB container started by `up --with-influx`: the URL `run` sends metrics to. */
  influxUrl: 'swarmbench.influx-url',
} as const;

export type ObjectRole = 'manager' | 'worker' | 'registry' | 'network' | 'volume' | 'host' | 'influxdb';

export function labelsFor(
  cluster: string,
  role: ObjectRole,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { [LABEL.cluster]: cluster, [LABEL.role]: role, ...extra };
}

/** Filter for everything of one cluster (or of every cluster when name is undefined). */
export function clusterFilter(cluster?: string, role?: ObjectRole): Record<string, string | undefined> {
  const f: Record<string, string | undefined> = { [LABEL.cluster]: cluster };
  if (role) f[LABEL.role] = role;
  return f;
}
