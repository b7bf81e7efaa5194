// nginx-routing-mesh at a small size: HTTP load from the overlay, every replica answers; on a
// kernel without IPVS the run says so loudly and records host-mode publishing.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-nginx';

describe.sequential('scenario nginx-routing-mesh', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('answers from every replica and records the publish mode', { timeout: 600_000 }, async () => {
    const r = await runScenarioCli('nginx-routing-mesh', CLUSTER, [
      '--set',
      'replicas=2',
      '--set',
      'duration=5s',
      '--set',
      'concurrency=2',
      '--nodes',
      '3',
    ]);
    expect(r.code).toBe(0);
    const rec = r.record!;
    expect(['ingress', 'host']).toContain(rec.cluster.publishMode);
    // The kernel is the host's: without IPVS the mesh cannot forward, so ports must be host-mode.
    if (!existsSync('/proc/net/ip_vs')) expect(rec.cluster.publishMode).toBe('host');
    if (rec.cluster.publishMode === 'host') expect(r.stderr).toMatch(/!!! .*routing mesh cannot work here/);
    expect(rec.metrics['http.requests']!.value).toBeGreaterThan(0);
    expect(rec.metrics['http.replicas_seen']!.value).toBe(2);
    expect(rec.slos.every((s) => s.verdict === 'pass')).toBe(true);
  });
});
