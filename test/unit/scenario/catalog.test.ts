// Named scenarios: `run <name>` finds scenarios/<name>.yaml; `scenarios show` reads the header
// comment and the parameters with their types and defaults.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../harness/errors.js';
import { summarizeScenario } from '../../../harness/scenario/catalog.js';
import { headerComment, resolveScenarioFile, scenarioNames } from '../../../harness/scenario/named.js';

describe('scenario catalog', () => {
  it('lists the four named scenarios', () => {
    expect(scenarioNames()).toEqual(
      expect.arrayContaining(['alpine-top-scale', 'chaos-restarts', 'nginx-routing-mesh', 'swarm3k-replay']),
    );
  });

  it('resolves a name, and says which names exist when it cannot', () => {
    expect(resolveScenarioFile('chaos-restarts')).toMatch(/scenarios\/chaos-restarts\.yaml$/);
    expect(() => resolveScenarioFile('no-such-thing')).toThrow(BadInputError);
    expect(() => resolveScenarioFile('no-such-thing')).toThrow(/no scenario file or named scenario "no-such-thing"/);
  });

  it('summarises a scenario: header, parameters with inferred types, SLOs', () => {
    const s = summarizeScenario(resolveScenarioFile('alpine-top-scale'));
    expect(s.about).toMatch(/^alpine-top-scale: the Swarm2k\/Swarm3k "alpine top" workload/);
    expect(s.params.find((p) => p.name === 'replicas')).toMatchObject({ type: 'integer', default: 200 });
    expect(s.params.find((p) => p.name === 'step_timeout')).toMatchObject({ type: 'duration', default: '10m' });
    expect(s.slos).toContain('tasks.startup_latency.p99 < 60s');
    expect(s.cluster).toEqual({ nodes: 10, managers: 1, hollow: 0 });
  });

  it('takes the header comment without the schema line', () => {
    expect(headerComment('# yaml-language-server: $schema=./schema.json\n# what\n#   it does\nname: x\n# later')).toBe(
      'what\n  it does',
    );
  });
});
