// The collectors as the measurement plug-ins name them: each factory says what it needs from the
// cluster, and the session runs every factory some registered plug-in names (once, however many
// plug-ins share it: the swarm collector writes five measurements).
import type { CollectorFactory } from '../plugin.js';
import { HarnessCollector } from './harness.js';
import { HollowCollector } from './hollow.js';
import { ResourceCollector } from './resources.js';
import { SwarmCollector } from './swarm.js';

export const swarmCollector: CollectorFactory = {
  name: 'swarm',
  create: ({ cluster, emit, log, sinceMs }) => (cluster ? new SwarmCollector({ manager: () => cluster.manager(), emit, log, sinceMs }) : undefined),
};

export const resourceCollector: CollectorFactory = {
  name: 'resources',
  create: ({ cluster, emit, log }) => (cluster ? new ResourceCollector({ nodes: () => cluster.nodes(), engines: () => cluster.outerEngines(), emit, log }) : undefined),
};

export const harnessCollector: CollectorFactory = {
  name: 'harness',
  create: ({ emit }) => new HarnessCollector(emit),
};

export const hollowCollector: CollectorFactory = {
  name: 'hollow',
  create: ({ cluster, emit, log }) => {
    const stats = cluster?.hollowStats?.bind(cluster);
    return stats ? new HollowCollector({ stats, emit, log }) : undefined;
  },
};
