// Step 1 of `up`: the outer swarm and its hosts. Initialises or reuses the outer swarm on the
// local engine, joins further hosts as workers, and makes sure every host has the node image
// (copied from the local engine when missing, since no registry is reachable).
import { InfrastructureError } from '../errors.js';
import { connect, type Engine } from '../docker/engine.js';
import { copyImage, hasImage } from '../docker/image-transfer.js';
import { ensureOuterSwarm, joinOuterHost } from '../docker/outer-swarm.js';
import type { Logger } from '../util/log.js';
import type { OuterHostSpec } from './hosts-file.js';

export async function prepareOuterHosts(
  local: Engine,
  hosts: OuterHostSpec[],
  opts: { advertiseAddr?: string; images: string[]; log?: Logger },
): Promise<Engine[]> {
  await local.version();
  const { created } = await ensureOuterSwarm(local, { advertiseAddr: opts.advertiseAddr });
  if (created) opts.log?.info(`outer swarm initialised on ${local.name}`);
  const engines = [local];
  for (const spec of hosts) {
    const remote = connect(spec);
    await remote.version();
    await joinOuterHost(local, remote, { advertiseAddr: spec.advertiseAddr });
    engines.push(remote);
  }
  for (const image of opts.images) {
    if (!(await hasImage(local, image))) {
      throw new InfrastructureError(`image ${image} is not on engine "${local.name}"`, {
        fix: 'run `swarmbench images build` first',
      });
    }
  }
  for (const remote of engines.slice(1)) {
    for (const image of opts.images) {
      if (await hasImage(remote, image)) continue;
      opts.log?.info(`copying ${image} to ${remote.name}`);
      await copyImage(local, remote, image);
    }
  }
  return engines;
}
