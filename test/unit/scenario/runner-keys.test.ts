// The runner honours the scenario's top-level switches with a fake cluster and fake metrics (no
// engine): `validity: required` fails a host-bound run, and run.json records both switches.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withUnits } from '../../../harness/metrics/metric-map.js';
import type { StartMetrics } from '../../../harness/metrics/start.js';
import type { RunRecord } from '../../../harness/run-record.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { runScenario } from '../../../harness/scenario/runner.js';
import { silentLogger } from '../../../harness/util/log.js';
import { fakeCluster } from '../../support/fake-cluster.js';

/** Metrics that saw the host saturated in 80 % of its seconds. */
const hostBound: StartMetrics = async () => ({
  setStep: () => undefined,
  mark: () => undefined,
  record: () => undefined,
  stop: async () => withUnits({ 'validity.host_busy_share': 0.8, 'host.cores': 2, 'host.cpu_percent.mean': 172 }),
  derive: (m) => m,
});

async function run(head: string) {
  const r = loadScenario('k.yaml', `name: keys\n${head}steps:\n  - mark: {name: begin}\n`);
  if (!r.ok) throw new Error('fixture invalid');
  const runDir = join(mkdtempSync(join(tmpdir(), 't-sc-keys-')), 'run');
  const outcome = await runScenario({
    scenario: r.scenario,
    seed: 1,
    runId: 'keys-1',
    runDir,
    clusterName: 't-sc-fake',
    keep: false,
    provider: { open: async () => fakeCluster(), up: async () => fakeCluster(), down: async () => undefined },
    log: silentLogger,
    startMetrics: hostBound,
    harnessVersion: 'test',
  });
  return { outcome, record: JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord };
}

describe('runner: validity', () => {
  it('required: a host-bound run ends FAILED (exit 1), and run.json says validity was required', async () => {
    const { outcome, record } = await run('validity: required\n');
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 1 });
    expect(outcome.reason).toBe(
      'FAILED: validity required but the run was host-bound (host saturated in 80 % of its seconds (mean 172 % of 200 % CPU))',
    );
    expect(record).toMatchObject({ validity: 'required', status: 'failed', exitCode: 1, reason: outcome.reason });
  });

  it('advisory (the default): the same run passes and states the verdict', async () => {
    const { outcome, record } = await run('');
    expect(outcome).toMatchObject({ status: 'passed', exitCode: 0 });
    expect(outcome.validityNote).toMatch(/^host-bound: /);
    expect(record).toMatchObject({ validity: 'advisory', imageCache: 'warm' });
  });
});

describe('runner: imageCache', () => {
  it('run.json says the image cache was cold', async () => {
    const { outcome, record } = await run('imageCache: cold\n');
    expect(outcome.exitCode).toBe(0);
    expect(record.imageCache).toBe('cold');
  });
});
