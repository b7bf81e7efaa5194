// A real dind node from the catalog's node image: it starts in the mode the probe finds, its
// inner engine runs a nested container from a workload image loaded into it, and it is removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeContainer, runContainer, listContainers } from '../../../harness/docker/containers.js';
import { connect } from '../../../harness/docker/engine.js';
import { execIn } from '../../../harness/docker/exec.js';
import { loadImageInContainer } from '../../../harness/docker/image-transfer.js';
import { inspectImage } from '../../../harness/docker/images.js';
import { detectNodeMode } from '../../../harness/docker/probe.js';
import { CATALOG } from '../../../harness/images/catalog.js';
import { buildImages } from '../../../harness/images/build.js';
import { silentLogger } from '../../../harness/util/log.js';
import { retryUntil } from '../../../harness/util/retry.js';
import type { NodeMode } from '../../../harness/cluster/types.js';

const engine = connect();
const LABELS = { 'swarmbench.cluster': 't-img-node', 'swarmbench.role': 'worker' };

describe.sequential('node image', () => {
  let mode: NodeMode;
  let id: string | undefined;

  beforeAll(async () => {
    // Reuses what setup built; builds only what is missing.
    await buildImages(engine, { log: silentLogger });
    for (const c of await listContainers(engine, { 'swarmbench.cluster': 't-img-node' }))
      await removeContainer(engine, c.id);
    const probe = await detectNodeMode(engine, CATALOG.alpine.ref);
    expect(probe.mode, `${probe.privilegedError} / ${probe.capabilitiesError}`).not.toBeNull();
    mode = probe.mode!;
  });

  afterAll(async () => {
    if (id) await removeContainer(engine, id);
  });

  it('labels every image with its source and version', async () => {
    const img = await inspectImage(engine, CATALOG.node.ref);
    expect(img?.labels['swarmbench.image']).toBe('node');
    expect(img?.labels['swarmbench.source']).toMatch(/^(os-packages:docker\.io|docker:dind)$/);
  });

  it('starts a node whose inner engine runs a nested container', async () => {
    id = await runContainer(engine, {
      name: `t-img-node-${process.pid}`,
      image: CATALOG.node.ref,
      labels: LABELS,
      mode,
    });
    await retryUntil(
      () =>
        execIn(engine, id!, ['docker', 'info', '--format', '{{.ServerVersion}}']).catch(() => ({
          exitCode: 1,
          output: '',
        })),
      (r) => r.exitCode === 0,
      { timeoutMs: 60_000, intervalMs: 500, onTimeout: (r) => new Error(`inner engine did not answer: ${r?.output}`) },
    );
    // Load the workload image into the node the way a registry-less host can: save | load.
    await loadImageInContainer(engine, id, CATALOG.alpine.ref);
    const run = await execIn(engine, id, ['docker', 'run', '--rm', CATALOG.alpine.ref, 'echo', 'nested-ok'], {
      timeoutMs: 60_000,
    });
    expect(run.output).toContain('nested-ok');
    expect(run.exitCode).toBe(0);
    const status = await execIn(engine, id, ['cat', '/run/swarmbench/sysctl.status']);
    expect(status.output).toMatch(/neigh_gc_thresh=(ok|refused)/);
  });

  it('is removed with nothing left behind', async () => {
    await removeContainer(engine, id!);
    id = undefined;
    expect(await listContainers(engine, { 'swarmbench.cluster': 't-img-node' })).toHaveLength(0);
  });
});
