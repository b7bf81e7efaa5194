// nodes.add / nodes.remove: grow or shrink the cluster mid-run through the cluster module, and
// measure how long new nodes take to be Ready in the swarm.
import { listNodes } from '../../docker/services.js';
import { retryUntil } from '../../util/retry.js';
import { ScenarioFailure } from '../failure.js';
import type { StepContext } from './context.js';
import { timeoutOf } from './service.js';

export interface NodesAddStep {
  count: number;
  timeout?: string | number;
}

export interface NodesRemoveStep {
  count: number;
  drain?: boolean;
}

export async function nodesAdd(ctx: StepContext, b: NodesAddStep): Promise<void> {
  const t0 = Date.now();
  const added = await ctx.cluster.addNodes(b.count);
  const names = new Set(added.map((n) => n.name));
  const ids = new Set(added.map((n) => n.nodeId).filter(Boolean));
  const timeoutMs = timeoutOf(b.timeout, 10 * 60_000);
  await retryUntil(
    async () => {
      const nodes = await listNodes(await ctx.manager());
      const ready = nodes.filter((n) => (names.has(n.hostname) || ids.has(n.id)) && n.state === 'ready').length;
      ctx.log.progress(`nodes.add: ${ready}/${added.length} Ready`);
      return ready;
    },
    (ready) => ready >= added.length,
    {
      timeoutMs,
      intervalMs: 1000,
      signal: ctx.signal,
      onTimeout: (ready) =>
        new ScenarioFailure(
          `nodes.add: ${ready ?? 0}/${added.length} new nodes Ready after ${Math.round(timeoutMs / 1000)} s`,
        ),
    },
  );
  const ms = Date.now() - t0;
  ctx.recorder.observe('nodes.add_time', ms);
  Object.assign(ctx.result, { added: added.length, ready_ms: ms });
  ctx.log.info(
    `nodes.add: ${added.length} nodes Ready in ${(ms / 1000).toFixed(1)} s${added.length < b.count ? ` (${b.count - added.length} failed to start or join)` : ''}`,
  );
}

export async function nodesRemove(ctx: StepContext, b: NodesRemoveStep): Promise<void> {
  const t0 = Date.now();
  const removed = await ctx.cluster.removeNodes(b.count, { drain: b.drain ?? true });
  Object.assign(ctx.result, { removed: removed.length, ms: Date.now() - t0 });
  ctx.log.info(
    `nodes.remove: ${removed.map((n) => n.name).join(', ') || 'none'} removed in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}
