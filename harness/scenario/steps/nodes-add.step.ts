// nodes.add: grows the cluster mid-run and times the new nodes to Ready (nodes.ts runs it).
import { duration, int } from '../schema-kit.js';
import type { NodesAddStep } from './nodes.js';
import type { StepPlugin } from './plugin.js';

export const nodesAddStep: StepPlugin<'nodes.add', NodesAddStep> = {
  type: 'nodes.add',
  description: 'Adds dind worker nodes and waits until they are Ready.',
  schema: (f) => ({ properties: { count: int(f, 1), timeout: duration(f) }, required: ['count'] }),
  doc: { keys: '`count`, `timeout`', measures: 'time until new nodes are Ready' },
  run: async (ctx, step) => (await import('./nodes.js')).nodesAdd(ctx, step.body),
};
