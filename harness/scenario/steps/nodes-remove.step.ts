// nodes.remove: shrinks the cluster mid-run (nodes.ts runs it).
import { bool, int } from '../schema-kit.js';
import type { NodesRemoveStep } from './nodes.js';
import type { StepPlugin } from './plugin.js';

export const nodesRemoveStep: StepPlugin<'nodes.remove', NodesRemoveStep> = {
  type: 'nodes.remove',
  description: 'Removes worker nodes (drained first by default).',
  schema: (f) => ({ properties: { count: int(f, 1), drain: bool(f) }, required: ['count'] }),
  doc: { keys: '`count`, `drain`', measures: '' },
  run: async (ctx, step) => (await import('./nodes.js')).nodesRemove(ctx, step.body),
};
