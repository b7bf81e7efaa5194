// The collectors as the measurement plug-ins name them: each factory says what it needs from the
// cluster, and the session runs every factory some registered plug-in names (once, however many
// plug-ins share it: the swarm collector writes five measurements). The collector code is loaded
// when a session starts one, so commands that only read metric names (validate) stay quick.
import type { CollectorFactory } from '../plugin.js';

export const swarmCollector: CollectorFactory = {
  name: 'swarm',
  create: async ({ cluster, emit, log, sinceMs }) => {
    if (!cluster) return undefined;
    const { SwarmCollector } = await import('./swarm.js');
    return new SwarmCollector({ manager: () => cluster.manager(), emit, log, sinceMs });
  },
};

export const resourceCollector: CollectorFactory = {
  name: 'resources',
  create: async ({ cluster, emit, log }) => {
    if (!cluster) return undefined;
    const { ResourceCollector } = await import('./resources.js');
    return new ResourceCollector({ nodes: () => cluster.nodes(), engines: () => cluster.outerEngines(), emit, log });
  },
};

export const harnessCollector: CollectorFactory = {
  name: 'harness',
  create: async ({ emit }) => new (await import('./harness.js')).HarnessCollector(emit),
};

export const hostCollector: CollectorFactory = {
  name: 'host',
  create: async ({ emit }) => new (await import('./host.js')).HostCollector(emit),
};

export const hollowCollector: CollectorFactory = {
  name: 'hollow',
  create: async ({ cluster, emit, log }) => {
    const stats = cluster?.hollowStats?.bind(cluster);
    if (!stats) return undefined;
    const { HollowCollector } = await import('./hollow.js');
    return new HollowCollector({ stats, emit, log });
  },
};

export const taskEngineCollector: CollectorFactory = {
  name: 'task-engine',
  create: async ({ cluster, emit, log, sinceMs }) => {
    if (!cluster) return undefined;
    const { TaskEngineCollector } = await import('./task-engine.js');
    return new TaskEngineCollector({ cluster, emit, log, sinceMs });
  },
};

/** PLACEHOLDER, the lead's to fill in (issue 15): the manager collector runs, every 5 s inside each
 *  manager node, curl of the engine's metrics on 127.0.0.1:9323, RAFT_MARKER and a stat listing of
 *  the raft files, and emits managerPoint(output, node, timeMs) (manager-scrape.ts). Until then it
 *  never runs: create() returns undefined, so no swarm_manager point is written. */

export const managerCollector: CollectorFactory = {
  name: 'manager',
  create: async ({ cluster, emit, log }) => {
    if (!cluster) return undefined;
    const { ManagerCollector } = await import('./manager.js');
    return new ManagerCollector({ cluster, emit, log });
  },
};
