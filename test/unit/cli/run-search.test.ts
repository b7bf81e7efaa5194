// A search whose parameter sizes the hollow workers, with a fake cluster provider that counts them
// (no Docker): every probe leaves a profile index that knee.json names, and a refinement below the
// first size that broke does not run on the larger cluster: the search brings it up again at the
// size asked for, or, on a cluster it did not bring up, records the probe as an error. A step
// that fails as an unconverged service does is a break, not a figure that held.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeInfo } from '../../../harness/cluster/types.js';
import { runSearched } from '../../../harness/cli/commands/run-search.js';
import { ScenarioFailure } from '../../../harness/scenario/failure.js';
import type { ClusterProvider } from '../../../harness/scenario/runner.js';
import { loadScenario } from '../../../harness/scenario/load.js';
import { int } from '../../../harness/scenario/schema-kit.js';
import type { StepPlugin } from '../../../harness/scenario/steps/plugin.js';
import { registerStep } from '../../../harness/scenario/steps/registry.js';
import type { Knee } from '../../../harness/search/knee.js';
import { silentLogger } from '../../../harness/util/log.js';
import { fakeCluster } from '../../support/fake-cluster.js';

/** Says it started `count` tasks: the SLO below then breaks at 5 hollow workers and above. */
const toyStart: StepPlugin<'toy.start', { count: number }> = {
  type: 'toy.start',
  description: 'Records count tasks started (a test step).',
  schema: (f) => ({ properties: { count: int(f) }, required: ['count'] }),
  doc: { keys: '`count`', measures: 'tasks.started' },
  run: async (ctx, step) => void ctx.recorder.add('tasks.started', step.body.count),
};

/** A service that does not converge on 5 or more hollow workers (exit 1, as converge.ts fails). */
const toyConverge: StepPlugin<'toy.converge', { count: number }> = {
  type: 'toy.converge',
  description: 'Fails as an unconverged service from 5 up (a test step).',
  schema: (f) => ({ properties: { count: int(f) }, required: ['count'] }),
  doc: { keys: '`count`', measures: 'nothing' },
  run: async (_ctx, step) => {
    if (step.body.count >= 5)
      throw new ScenarioFailure(
        `service top not converged after 1 s (top ${step.body.count - 1}/${step.body.count} running)`,
      );
  },
};

const TEXT = [
  'name: hollow-search',
  'params:',
  '  hollow: {default: 2}',
  'cluster: {nodes: 1, hollow: "${hollow}"}',
  'search: {param: hollow, from: 2, step: 2, max: 6, refine: 1, profile: {seconds: 1, step: start}}',
  'steps:',
  '  - mark: {name: begin}',
  '  - name: start',
  '    toy.start: {count: "${hollow}"}',
  'slos:',
  '  - tasks.started < 5',
  '',
].join('\n');

/** A cluster that has `hollow` hollow workers beside its manager; up grows them, down removes all. */
function countingProvider(start?: number) {
  const state = { exists: start !== undefined, hollow: start ?? 0 };
  const calls: string[] = [];
  const cluster = () => {
    const hollow: NodeInfo[] = Array.from({ length: state.hollow }, (_, i) => ({
      name: `h${i}`,
      role: 'worker',
      host: 'hollow',
      containerId: '',
      hollow: true,
    }));
    const base = fakeCluster();
    return { ...base, nodes: async () => [(await base.nodes())[0]!, ...hollow] };
  };
  const provider: ClusterProvider = {
    open: async () => (state.exists ? cluster() : undefined),
    up: async (req) => {
      calls.push(`up ${req.hollow}`);
      state.exists = true;
      state.hollow = Math.max(state.hollow, req.hollow ?? 0);
      return cluster();
    },
    down: async () => {
      calls.push('down');
      state.exists = false;
      state.hollow = 0;
    },
  };
  return { provider, calls };
}

async function search(provider: ClusterProvider, text = TEXT): Promise<{ dir: string; knee: Knee; exitCode: number }> {
  const dir = join(mkdtempSync(join(tmpdir(), 't-sc-search-')), 'search');
  const at = (size: number) => {
    const r = loadScenario('hollow-search.yaml', text, { overrides: [['hollow', String(size)]] });
    if (!r.ok) throw new Error(`fixture invalid: ${JSON.stringify(r.issues)}`);
    return r.scenario;
  };
  const r = await runSearched(
    { log: silentLogger, print: () => undefined, printJson: () => undefined },
    {
      spec: at(2).search!,
      scenarioAt: at,
      base: { seed: 1, clusterName: 't-sc-fake', keep: false, provider, log: silentLogger, harnessVersion: 'test' },
      runId: 'hollow-search-1',
      runDir: dir,
      comparison: { threshold: 0.1 },
    },
  );
  return { dir, knee: r.knee, exitCode: r.exitCode };
}

const unregister: (() => void)[] = [];
beforeAll(() => {
  unregister.push(registerStep(toyStart), registerStep(toyConverge));
});
afterAll(() => unregister.forEach((u) => u()));

describe('a search over hollow workers', () => {
  it('brings the cluster up again for a refinement below the largest size, and names every probe’s profiles', async () => {
    const { provider, calls } = countingProvider();
    const { dir, knee, exitCode } = await search(provider);
    expect(exitCode).toBe(0);
    expect(knee.probes.map((p) => [p.size, p.phase, p.held])).toEqual([
      [2, 'grow', true],
      [4, 'grow', true],
      [6, 'grow', false],
      [5, 'refine', false],
    ]);
    // Grown 2 → 4 → 6, then down and up at 5 for the refinement, then down at the end.
    expect(calls).toEqual(['up 2', 'up 4', 'up 6', 'down', 'up 5', 'down']);
    const run5 = JSON.parse(readFileSync(join(dir, 'probe-5', 'run.json'), 'utf8')) as { cluster: { hollow: number } };
    expect(run5.cluster.hollow).toBe(5);
    for (const p of knee.probes) {
      expect(p.profiles).toBe(`probe-${p.size}/profiles/profiles.json`);
      expect(existsSync(join(dir, p.profiles!))).toBe(true);
    }
    const written = JSON.parse(readFileSync(join(dir, 'knee.json'), 'utf8')) as Knee;
    expect(written.probes.map((p) => p.profiles)).toEqual(knee.probes.map((p) => p.profiles));
    expect(existsSync(join(dir, 'knee.html'))).toBe(true);
    // The profiles started with the step the search names (the fake manager has no socket: none taken).
    expect(readFileSync(join(dir, 'probe-2', 'run.log'), 'utf8')).toMatch(/step 1\/2: mark[\s\S]*profiles: CPU of /);
  }, 60_000);

  it('a step that failed (a service that did not converge) is a break even with every SLO met', async () => {
    const text = TEXT.replace('toy.start', 'toy.converge').replace(/slos:\n.*\n/, '');
    const { knee, exitCode } = await search(countingProvider().provider, text);
    expect(exitCode).toBe(0);
    expect(knee.probes.map((p) => [p.size, p.held])).toEqual([
      [2, true],
      [4, true],
      [6, false],
      [5, false],
    ]);
    expect(knee.firstBad).toMatchObject({
      size: 5,
      failed: 'start: service top not converged after 1 s (top 4/5 running)',
    });
  }, 60_000);

  it('on a cluster it did not bring up, with more hollow workers than a size asks for: an error, not a figure', async () => {
    const { provider, calls } = countingProvider(10);
    const { knee, exitCode } = await search(provider);
    expect(exitCode).toBe(3);
    expect(knee.reason).toBe('error');
    expect(knee.probes).toHaveLength(1);
    expect(knee.probes[0]!.error).toMatch(/^the cluster has 10 hollow workers, more than the 2 this size asks for/);
    expect(calls).toEqual([]);
  }, 60_000);
});
