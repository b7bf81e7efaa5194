// The runner's door to the cluster library: open the named cluster if it exists, else bring one
// up for the run (and take it down after). Kept apart from runner.ts so tests can fake it.
import { down, open, up } from '../cluster/index.js';
import { bootRecord, upVerdict } from '../cluster/up-verdict.js';
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
      const cluster = await up({
        cluster: req.name,
        nodes: req.nodes,
        managers: req.managers,
        routingMesh: req.routingMesh,
        hollow: req.hollow,
        log,
        signal,
        rmOnFail: true,
      });
      const verdict = upVerdict(cluster.report, req.nodes);
      log.info(verdict.fix ? `${verdict.line} (fix: ${verdict.fix})` : verdict.line);
      return Object.assign(cluster, { boot: bootRecord(cluster.report, req.nodes) });
    },
    async down(name) {
      await down(name, { log });
    },
  };
}
