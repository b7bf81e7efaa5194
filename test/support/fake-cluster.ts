// A cluster handle with no engine behind it, for runner tests whose steps need none (mark,
// sleep, test-defined steps): one manager, one worker, no IPVS.
import type { ClusterHandle } from '../../harness/cluster/types.js';

export function fakeCluster(): ClusterHandle {
  const engine = { version: async () => ({ version: '20.10.24', apiVersion: '1.41', os: 'linux', kernel: '6.18' }) };
  return {
    info: { name: 't-sc-fake', subnet: '10.99.0.0/16', nodeMode: 'capabilities', ipvs: false, registry: 'r:5000' },
    manager: async () => engine as never,
    outerEngines: () => [engine as never],
    nodes: async () => [
      { name: 'n0', role: 'manager', host: 'local', containerId: 'c0', hollow: false },
      { name: 'n1', role: 'worker', host: 'local', containerId: 'c1', hollow: false },
    ],
    addNodes: async () => [],
    removeNodes: async () => [],
    chaos: async () => undefined,
    imageRef: (l) => `r:5000/${l}:latest`,
    close: async () => undefined,
  };
}
