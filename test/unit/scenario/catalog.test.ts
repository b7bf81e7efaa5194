// Named scenarios: `run <name>` finds scenarios/<name>.yaml; `scenarios show` reads the header
// comment and the parameters with their types and defaults.
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../harness/errors.js';
import { loadScenarioOrThrow, summarizeScenario } from '../../../harness/scenario/catalog.js';
import { headerComment, resolveScenarioFile, scenarioNames } from '../../../harness/scenario/named.js';

describe('scenario catalog', () => {
  it('lists the named scenarios', () => {
    expect(scenarioNames()).toEqual(
      expect.arrayContaining([
        'alpine-top-scale',
        'chaos-restarts',
        'manager-limit',
        'nginx-routing-mesh',
        'swarm3k-hollow',
        'swarm3k-replay',
      ]),
    );
  });

  it('manager-limit: a search over hollow workers of one manager, global services placed on them', () => {
    const file = resolveScenarioFile('manager-limit');
    const { scenario } = loadScenarioOrThrow(file);
    expect(scenario.cluster).toMatchObject({ nodes: 1, managers: 1, hollow: 1000 });
    expect(scenario.validity).toBe('advisory');
    expect(scenario.search).toEqual({
      param: 'hollow',
      from: 1000,
      step: 1000,
      max: 10_000,
      refine: 1,
      guards: { memFraction: 0.85, budgetMs: 6 * 3_600_000 },
      profile: { seconds: 60, step: 'create' },
    });
    // tasks_per_node global services on hollow workers: hollow × tasks_per_node tasks.
    const creates = scenario.steps.filter((s) => s.type === 'service.create');
    expect(creates.map((s) => [s.name, s.body.name, s.body.mode, s.body.on])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [`create i=${i}`, `top-${i}`, 'global', 'hollow']),
    );
    expect(scenario.slos).toEqual([
      'manager.nodes.down.max == 0',
      'manager.raft.transaction_latency.p99 < 1s',
      'scale.converge_time.max < 5m',
    ]);
    // Every parameter of the search is one --set can change.
    const bigger = loadScenarioOrThrow(file, {
      overrides: [
        ['tasks_per_node', '2'],
        ['max', '20000'],
        ['step', '2000'],
        ['profile_seconds', '30'],
      ],
    }).scenario;
    expect(bigger.search).toMatchObject({ step: 2000, max: 20_000, profile: { seconds: 30 } });
    expect(bigger.steps.filter((s) => s.type === 'service.create')).toHaveLength(2);
    const summary = summarizeScenario(file);
    expect(summary.about).toMatch(/^manager-limit: where one manager stops keeping up, nodes × tasks\./);
    expect(summary.search?.param).toBe('hollow');
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
