// Chaos on node containers through their outer engines: restart, kill, pause, disconnect from
// the overlay. Pause and disconnect can be undone after a while; undo timers are tracked so
// closing the handle restores every node it disturbed.
import { connectContainer, disconnectContainer } from '../docker/networks.js';
import { killContainer, pauseContainer, restartContainer, unpauseContainer } from '../docker/containers.js';
import { engineOf, type ClusterRuntime } from './runtime.js';
import type { ChaosAction, ChaosOptions, NodeInfo } from './types.js';

export class ChaosUndo {
  private readonly pending = new Map<NodeJS.Timeout, () => Promise<void>>();

  schedule(ms: number, undo: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void undo().catch(() => undefined);
    }, ms);
    this.pending.set(timer, undo);
  }

  /** Runs every pending undo now. */
  async flush(): Promise<void> {
    const undos = [...this.pending.entries()];
    this.pending.clear();
    for (const [timer, undo] of undos) {
      clearTimeout(timer);
      await undo().catch(() => undefined);
    }
  }
}

export async function applyChaos(
  rt: ClusterRuntime,
  undo: ChaosUndo,
  action: ChaosAction,
  nodes: NodeInfo[],
  opts: ChaosOptions = {},
): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      const engine = engineOf(rt, node.host);
      switch (action) {
        case 'restart':
          return restartContainer(engine, node.containerId);
        case 'kill':
          return killContainer(engine, node.containerId);
        case 'pause':
          await pauseContainer(engine, node.containerId);
          if (opts.durationMs !== undefined)
            undo.schedule(opts.durationMs, () => unpauseContainer(engine, node.containerId));
          return;
        case 'disconnect':
          await disconnectContainer(engine, rt.network, node.containerId);
          if (opts.durationMs !== undefined)
            undo.schedule(opts.durationMs, () => connectContainer(engine, rt.network, node.containerId));
          return;
      }
    }),
  );
}
