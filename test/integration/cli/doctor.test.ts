// `swarmbench doctor --json` against the real engine: the fields a nightly job reads, and the
// verdicts agree with what the host shows (IPVS, the capability bounding set).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('swarmbench doctor', () => {
  it('reports the node mode, IPVS and capacity as one JSON object and exits 0 when a cluster can run', async () => {
    const { stdout } = await run('node', ['bin/swarmbench.js', 'doctor', '--json'], { timeout: 240_000 });
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.engine.reachable).toBe(true);
    expect(report.ipvs).toBe(existsSync('/proc/net/ip_vs'));
    // Without CAP_SYS_RESOURCE in the host's bounding set, --privileged cannot start (HOST-NOTES).
    const capBnd = BigInt('0x' + /CapBnd:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const hasSysResource = (capBnd & (1n << 24n)) !== 0n;
    expect(report.nodeMode).toBe(hasSysResource ? 'privileged' : 'capabilities');
    expect(report.overlay).toBe(true);
    expect(report.nodeMemoryBytes).toBeGreaterThan(10 * 1024 ** 2);
    expect(report.nodesThatFit).toBeGreaterThan(0);
    // Capacity comes from one node measured on this host: it booted, it idled in a swarm, and the
    // estimate is the lower of its two bounds.
    const cap = report.capacity;
    expect(cap.cost.bootMs).toBeGreaterThan(0);
    expect(cap.cost.bootCoreSeconds).toBeGreaterThan(0);
    expect(cap.cost.idleCores).toBeGreaterThan(0);
    expect(cap.nodes).toBe(Math.min(cap.memoryBound, cap.cpuBound));
    expect(report.checks.find((c: { name: string }) => c.name === 'capacity').detail).toContain(
      `about ${cap.nodes} real nodes`,
    );
    expect(Object.keys(report.images).sort()).toEqual(['alpine', 'influxdb', 'nginx', 'node', 'registry']);
    // The probes (a refused --privileged start among them) leave no container behind.
    const { stdout: left } = await run('docker', ['ps', '-aq', '--filter', 'label=swarmbench.role=probe']);
    expect(left.trim()).toBe('');
  }, 300_000);
});
