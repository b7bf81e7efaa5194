// Options several cluster commands share: which cluster, and Ctrl-C handling for long work.
import type { Argv } from 'yargs';
import { DEFAULT_CLUSTER } from '../../cluster/names.js';
import type { Logger } from '../../util/log.js';

export interface ClusterArgs {
  cluster: string;
}

export function withClusterOption<T>(y: Argv<T>): Argv<T & ClusterArgs> {
  return y.option('cluster', {
    type: 'string',
    default: process.env.SWARMBENCH_CLUSTER ?? DEFAULT_CLUSTER,
    describe: 'cluster name (env SWARMBENCH_CLUSTER)',
  }) as Argv<T & ClusterArgs>;
}

/** First Ctrl-C: stop starting nodes and let the command wind down; second: exit at once. */
export function interruptSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  process.on('SIGINT', () => {
    count++;
    if (count === 1) {
      log.warn('interrupted: no more nodes will be started (Ctrl-C again to exit at once)');
      controller.abort(new Error('interrupted'));
    } else {
      process.exit(130);
    }
  });
  return controller.signal;
}
