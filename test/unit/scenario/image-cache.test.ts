// `imageCache` on the real workers, with the exec into each node faked: warm pulls as prepull
// always did; cold removes the images, names a node where removal failed, and takes an image a
// node never had as done.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterHandle } from '../../../harness/cluster/types.js';
import type { Logger } from '../../../harness/util/log.js';

const execIn = vi.fn();
vi.mock('../../../harness/docker/exec.js', () => ({ execIn }));
const { prepareImageCache } = await import('../../../harness/scenario/image-cache.js');

const refs = ['r:5000/alpine:latest', 'r:5000/nginx:latest'];
const cluster = {
  outerEngines: () => [{ name: 'local' }],
  nodes: async () => [
    { name: 'm0', role: 'manager', host: 'local', containerId: 'c-m0', hollow: false },
    { name: 'w1', role: 'worker', host: 'local', containerId: 'c-w1', hollow: false },
    { name: 'w2', role: 'worker', host: 'local', containerId: 'c-w2', hollow: false },
    { name: 'w3', role: 'worker', host: 'local', containerId: 'c-w3', hollow: false },
    { name: 'h1', role: 'worker', host: 'local', containerId: 'c-h1', hollow: true },
  ],
} as unknown as ClusterHandle;

function logger() {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    progress: () => undefined,
  } as unknown as Logger;
  return { log, lines };
}

beforeEach(() => execIn.mockReset());

describe('prepareImageCache', () => {
  it('warm pulls every image on every real worker (not managers, not hollow workers)', async () => {
    execIn.mockResolvedValue({ exitCode: 0, output: '' });
    const { log, lines } = logger();
    await prepareImageCache(cluster, refs, 'warm', log);
    expect(execIn.mock.calls.map((c) => [c[1], c[2].join(' ')]).sort()).toEqual(
      ['c-w1', 'c-w2', 'c-w3'].flatMap((id) => refs.map((r) => [id, `docker pull -q ${r}`])),
    );
    expect(lines).toEqual([expect.stringMatching(/^info pre-pulled .* on 3\/3 workers in \d+\.\d s$/)]);
  });

  it('cold removes them on every real worker; a missing image is fine, a failed removal is named', async () => {
    execIn.mockImplementation(async (_engine: unknown, id: string) => {
      if (id === 'c-w1') return { exitCode: 0, output: `Untagged: ${refs[0]}\nDeleted: sha256:abc\n` };
      if (id === 'c-w2') return { exitCode: 1, output: `Error response from daemon: No such image: ${refs[1]}\n` };
      return { exitCode: 1, output: 'Error response from daemon: permission denied\n' };
    });
    const { log, lines } = logger();
    await prepareImageCache(cluster, refs, 'cold', log);
    expect(execIn.mock.calls.map((c) => [c[1], c[2].join(' ')]).sort()).toEqual(
      ['c-w1', 'c-w2', 'c-w3'].map((id) => [id, `docker image rm -f ${refs.join(' ')}`]),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^info cold image cache: removed r:5000\/alpine:latest, r:5000\/nginx:latest from 2\/3 workers \(1 had it\) in \d+\.\d s/,
      ),
      'warn image removal failed on w3: Error response from daemon: permission denied',
    ]);
  });

  it('does nothing without images', async () => {
    await prepareImageCache(cluster, [], 'cold', logger().log);
    await prepareImageCache(cluster, [], 'warm', logger().log);
    expect(execIn).not.toHaveBeenCalled();
  });
});
