// The runner's bookkeeping with a fake cluster (steps that need no engine): run.json written as
// the run goes, the resolved scenario and seed, SLO verdicts, exit codes, and cleanup.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../../../harness/errors.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { runScenario, type ClusterProvider } from '../../../harness/scenario/runner.js';
import type { RunRecord } from '../../../harness/run-record.js';
import { silentLogger } from '../../../harness/util/log.js';
import { fakeCluster } from '../../support/fake-cluster.js';

const scenarioText = [
  'name: tiny',
  'params:',
  '  pause: {default: 10ms}',
  'steps:',
  '  - mark: {name: begin}',
  '  - sleep: {duration: "${pause}"}',
  'slos:',
  '  - chaos.tasks_lost == 0',
].join('\n');

function setup(provider: ClusterProvider) {
  const r = loadScenario('tiny.yaml', scenarioText, { overrides: [['pause', '20ms']] });
  if (!r.ok) throw new Error('fixture invalid');
  const runDir = join(mkdtempSync(join(tmpdir(), 't-sc-runner-')), 'run');
  return {
    runDir,
    run: () =>
      runScenario({
        scenario: r.scenario,
        seed: 42,
        runId: 'tiny-1',
        runDir,
        clusterName: 't-sc-fake',
        keep: false,
        provider,
        log: silentLogger,
        harnessVersion: 'test',
      }),
    record: () => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord,
  };
}

describe('runner', () => {
  it('brings a cluster up, runs the steps, judges the SLOs (no data fails), writes everything, removes the cluster', async () => {
    const calls: string[] = [];
    const provider: ClusterProvider = {
      open: async () => (calls.push('open'), undefined),
      up: async (req) => (
        calls.push(`up ${req.name} ${req.nodes}/${req.managers} mesh=${req.routingMesh}`),
        fakeCluster()
      ),
      down: async (name) => void calls.push(`down ${name}`),
    };
    const t = setup(provider);
    const out = await t.run();
    expect(calls).toEqual(['open', 'up t-sc-fake 4/1 mesh=false', 'down t-sc-fake']);
    expect(out.exitCode).toBe(1);
    expect(out.reason).toMatch(/FAILED: 1 of 1 SLOs not met: chaos.tasks_lost = no data/);
    const rec = t.record();
    expect(rec).toMatchObject({ id: 'tiny-1', seed: 42, status: 'failed', exitCode: 1, params: { pause: '20ms' } });
    expect(rec.steps.map((s) => [s.name, typeof s.endMs])).toEqual([
      ['mark', 'number'],
      ['sleep', 'number'],
    ]);
    expect(rec.marks.map((m) => m.name)).toEqual(['begin']);
    expect(rec.cluster).toMatchObject({
      nodes: 2,
      managers: 1,
      workers: 1,
      publishMode: 'none',
      nodeMode: 'capabilities',
    });
    expect(rec.slos[0]).toMatchObject({ metric: 'chaos.tasks_lost', verdict: 'no-data', value: null });
    expect(readFileSync(join(t.runDir, 'scenario.yaml'), 'utf8')).toMatch(/pause:\n\s+default: 20ms/);
    expect(readFileSync(join(t.runDir, 'seed'), 'utf8')).toBe('42\n');
  });

  it('an engine failure while bringing the cluster up is exit 3 with a record that says why', async () => {
    const t = setup({
      open: async () => undefined,
      up: async () => {
        throw new InfrastructureError('node t-sc-fake-node-1 did not start');
      },
      down: async () => undefined,
    });
    const out = await t.run();
    expect(out).toMatchObject({
      exitCode: 3,
      status: 'error',
      reason: 'INFRASTRUCTURE: node t-sc-fake-node-1 did not start',
    });
    expect(t.record()).toMatchObject({ status: 'error', exitCode: 3, steps: [] });
  });
});
