// The runner's door to the cluster library: open the named cluster if it exists, else bring one
// up for the run (and take it down after). Kept apart from runner.ts so tests can fake it.
import { down, open, up } from '../cluster/index.js';
import { BadInputError } from '../errors.js';
import type { Logger } from '../util/log.js';
import type { ClusterProvider } from './runner.js';

export function clusterProvider(log: Logger, signal?: AbortSignal): ClusterProvider {
  return {
    async open(name) {
      try {
        return await open(name, { log });
      } catch (err) {
        if (err instanceof BadInputError && /no cluster named/.test(err.message)) return undefined;
        throw err;
      }
    },
    async up(req) {
      const opts = { cluster: req.name, nodes: req.nodes, managers: req.managers, log, signal, rmOnFail: true };
      try {
        return await up({ ...opts, routingMesh: req.routingMesh });
      } catch (err) {
        // Re-creating the inner ingress as a /16 can race its removal (409 "already exists").
        // Without it the run still works: published ports fall back to host mode, and say so.
        if (!req.routingMesh || !/ingress already exists/.test((err as Error).message)) throw err;
        log.warn(`the cluster could not keep a routing mesh (${(err as Error).message}); bringing it up without one`);
        return up({ ...opts, routingMesh: false });
      }
    },
    async down(name) {
      await down(name, { log });
    },
  };
}
