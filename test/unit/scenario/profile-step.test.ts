// Where the managers' CPU profiles start: a step named by what the run shows ("ramp n=2") or, for
// a repeated step, by the name written in the file ("ramp", its first repetition); the runner
// starts them when that step starts, not before the set-up steps ahead of it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/scenario/load.js';
import { runScenario } from '../../../harness/scenario/runner.js';
import { firstStepNamed } from '../../../harness/scenario/step-names.js';
import { silentLogger } from '../../../harness/util/log.js';
import { fakeCluster } from '../../support/fake-cluster.js';

describe('firstStepNamed', () => {
  const names = ['mark', 'settle', 'ramp n=1', 'ramp n=2', 'ramp up', 'sleep'];
  it('takes an exact name first, else the first repetition of a repeated step', () => {
    expect(firstStepNamed(names, 'settle')).toBe(1);
    expect(firstStepNamed(names, 'ramp n=2')).toBe(3);
    expect(firstStepNamed(names, 'ramp')).toBe(2);
    expect(firstStepNamed(names, 'ramp up')).toBe(4);
  });

  it('is undefined for a name no step has, and does not read the name as a pattern', () => {
    expect(firstStepNamed(names, 'nope')).toBeUndefined();
    expect(firstStepNamed(names, 'ram.')).toBeUndefined();
    expect(firstStepNamed(['a.b x=1'], 'a.b')).toBe(0);
  });
});

describe('the runner starts the CPU profiles at the step asked for', () => {
  it('after the steps before it, and records the step in the log', async () => {
    const text = [
      'name: profiled',
      'steps:',
      '  - mark: {name: begin}',
      '  - name: settle',
      '    sleep: {duration: 10ms}',
      '  - name: ramp',
      '    sleep: {duration: 10ms}',
      '    repeat: {values: [1, 2], as: n}',
      '',
    ].join('\n');
    const r = loadScenario('profiled.yaml', text);
    if (!r.ok) throw new Error('fixture invalid');
    const runDir = join(mkdtempSync(join(tmpdir(), 't-sc-profile-step-')), 'run');
    await runScenario({
      scenario: r.scenario,
      seed: 1,
      runId: 'profiled-1',
      runDir,
      clusterName: 't-sc-fake',
      keep: false,
      provider: { open: async () => fakeCluster(), up: async () => fakeCluster(), down: async () => undefined },
      log: silentLogger,
      harnessVersion: 'test',
      profileManagers: { seconds: 1, step: 'ramp' },
    });
    const log = readFileSync(join(runDir, 'run.log'), 'utf8').split('\n');
    const at = (re: RegExp) => log.findIndex((l) => re.test(l));
    const started = at(/profiles: CPU of /);
    expect(started).toBeGreaterThan(at(/step 2\/4: settle/));
    expect(started).toBeLessThan(at(/step 3\/4: ramp n=1/));
    // The fake manager has no API socket here: no profile, but the index is written.
    expect(existsSync(join(runDir, 'profiles', 'profiles.json'))).toBe(true);
  });
});
