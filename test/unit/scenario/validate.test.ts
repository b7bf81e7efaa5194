// The scenario language's error reporting: every mistake at once, each with its line and column.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

function issuesOf(text: string, opts = {}) {
  const r = loadScenario('s.yaml', text, opts);
  return r.ok ? [] : r.issues.map(formatIssue);
}

describe('scenario validation', () => {
  it('reports an unknown step, a wrong type and a missing key together, with lines', () => {
    const file = fixture('three-mistakes.yaml');
    const r = loadScenario(file, readFileSync(file, 'utf8'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.issues.map(formatIssue);
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes("unknown step 'service.explode'"))).toMatch(
      /three-mistakes\.yaml:8:5: steps\[1\]\.service\.explode/,
    );
    expect(lines.find((l) => l.includes('"many"'))).toMatch(
      /:7:17: steps\[0\]\.service\.create\.replicas: expected an integer >= 0/,
    );
    expect(lines.find((l) => l.includes("missing required key 'replicas'"))).toMatch(
      /:11:7: steps\[2\]\.service\.scale\.replicas/,
    );
  });

  it('accepts a valid file and fills in defaults, overrides and repeats', () => {
    const text = [
      'name: ramp',
      'params:',
      '  target: {default: 100}',
      '  ramp: {default: [10, 20]}',
      '  settle: {default: 5s}',
      'cluster: {nodes: 5}',
      'steps:',
      '  - service.create: {name: top, image: alpine, replicas: 0}',
      '  - service.scale: {service: top, replicas: "${n}"}',
      '    repeat: {values: "${ramp}", as: n}',
      '  - service.scale: {service: top, replicas: "${target}"}',
      '  - sleep: {duration: "${settle}"}',
      'slos:',
      '  - scale.tasks_per_second > 1',
    ].join('\n');
    const r = loadScenario('ramp.yaml', text, {
      overrides: [
        ['target', '300'],
        ['settle', '90s'],
      ],
      nodes: 7,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.scenario;
    expect(s.params).toEqual({ target: 300, ramp: [10, 20], settle: '90s' });
    expect(s.cluster).toEqual({ nodes: 7, managers: 1, hollow: 0 });
    expect(s.steps.map((x) => x.name)).toEqual([
      'service.create',
      'service.scale n=10',
      'service.scale n=20',
      'service.scale',
      'sleep',
    ]);
    expect(s.steps[3]!.body).toEqual({ service: 'top', replicas: 300 });
    expect(s.steps[4]!.body).toEqual({ duration: '90s' });
  });

  it('types --set overrides by the parameter and names what is wrong', () => {
    const text =
      'name: x\nparams:\n  n: {default: 1}\n  d: {default: 10s}\n  b: {default: false}\nsteps:\n  - sleep: {duration: "${d}"}\n';
    expect(
      issuesOf(text, {
        overrides: [
          ['n', 'lots'],
          ['d', 'soon'],
          ['b', 'maybe'],
          ['zzz', '1'],
        ],
      }),
    ).toEqual([
      "(command line): --set n=lots: expected an integer, got 'lots'",
      "(command line): --set d=soon: expected a duration such as 90s, 1m30s or 250ms, got 'soon'",
      "(command line): --set b=maybe: expected true or false, got 'maybe'",
      '(command line): --set zzz: no such parameter; this scenario takes: n, d, b',
    ]);
    const ok = loadScenario('x.yaml', text, {
      overrides: [
        ['b', 'true'],
        ['d', '90'],
      ],
    });
    expect(ok.ok && ok.scenario.params).toEqual({ n: 1, d: '90s', b: true });
  });

  it('points at unknown parameter references and at typed values that a parameter broke', () => {
    const text =
      'name: x\nparams:\n  word: {default: abc}\nsteps:\n  - sleep: {duration: "${nope}"}\n  - service.create: {name: a, image: alpine, replicas: "${word}"}\n';
    expect(issuesOf(text)).toEqual([
      "s.yaml:5:23: steps[0].sleep.duration: unknown parameter '${nope}'; declare it under params",
    ]);
    const text2 =
      'name: x\nparams:\n  word: {default: abc}\nsteps:\n  - service.create: {name: a, image: alpine, replicas: "${word}"}\n';
    expect(issuesOf(text2)).toEqual([
      's.yaml:5:56: steps[0].service.create.replicas: expected an integer >= 0, got "abc"',
    ]);
  });

  it('checks meaning: services used before creation, leader kill without quorum, SLO units', () => {
    const text = [
      'name: x',
      'cluster: {nodes: 4, managers: 1}',
      'steps:',
      '  - service.scale: {service: web, replicas: 3}',
      '  - chaos: {action: kill, target: leader}',
      'slos:',
      '  - tasks.startup_latency.p99 < 30',
      '  - no.such.metric > 1',
      '  - http.success_ratio >= 99.9%',
    ].join('\n');
    const lines = issuesOf(text);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^s\.yaml:7:5: slos\[0\]: bound '30' .*30s/);
    expect(lines[1]).toMatch(/^s\.yaml:8:5: slos\[1\]: unknown metric 'no.such.metric'/);
    expect(lines[2]).toMatch(/^s\.yaml:4:30: steps\[0\]\.service\.scale\.service: service 'web' is not created/);
    expect(lines[3]).toMatch(/^s\.yaml:5:35: steps\[1\]\.chaos\.target: killing the leader needs 3 or more managers/);
  });

  it('reports YAML syntax errors with their position', () => {
    const lines = issuesOf('name: x\nsteps:\n  - sleep: {duration: 1s\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^s\.yaml:\d+:\d+: \(yaml\)/);
  });

  it("reports the YAML parser's resource guard (an alias bomb) at the first alias, as a mistake in the file", () => {
    const text = readFileSync(fixture('alias-bomb.yaml'), 'utf8');
    expect(issuesOf(text)).toEqual([
      's.yaml:4:8: (yaml): YAML aliases expand past 100 copies (Excessive alias count indicates a resource exhaustion attack); write the values out, or use parameters and repeat',
    ]);
  });

  it('says which step types exist when a step has none or two', () => {
    const lines = issuesOf('name: x\nsteps:\n  - name: only-a-name\n  - {sleep: {duration: 1s}, mark: {name: m}}\n');
    expect(lines).toEqual([
      's.yaml:3:5: steps[0]: missing step type; expected one of: service.create, service.scale, service.update, service.remove, wait.converged, sleep, nodes.add, nodes.remove, chaos, http.load, mark',
      's.yaml:4:5: steps[1]: a step has exactly one type; found sleep and mark',
    ]);
  });
});

describe('ramps, conditions and the cluster', () => {
  const base = [
    'name: x',
    'params:',
    '  to: {default: 100}',
    '  on: {default: false}',
    'steps:',
    '  - service.create: {name: s, image: alpine, replicas: 0}',
  ];

  it('expands a ramp into evenly spaced whole numbers', () => {
    const text = [
      ...base,
      '  - service.scale: {service: s, replicas: "${n}"}',
      '    repeat: {ramp: {to: "${to}", steps: 3}, as: n}',
    ].join('\n');
    const r = loadScenario('x.yaml', text);
    expect(r.ok && r.scenario.steps.slice(1).map((s) => (s.body as { replicas: number }).replicas)).toEqual([
      33, 67, 100,
    ]);
    const bad = loadScenario('x.yaml', text.replace('steps: 3', 'steps: 3, from: 200'));
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toEqual([
      'x.yaml:8:20: steps[1].repeat.ramp: expected whole numbers with to > from and steps >= 1, got {"to":100,"steps":3,"from":200}',
    ]);
  });

  it('drops a step whose `if` is false, keeps it when true', () => {
    const text = [...base, '  - if: "${on}"', '    mark: {name: m}'].join('\n');
    const off = loadScenario('x.yaml', text);
    expect(off.ok && off.scenario.steps.map((s) => s.type)).toEqual(['service.create']);
    const on = loadScenario('x.yaml', text, { overrides: [['on', 'yes']] });
    expect(on.ok && on.scenario.steps.map((s) => s.type)).toEqual(['service.create', 'mark']);
  });

  it('needs a worker: --nodes 1 with one manager is bad input', () => {
    expect(issuesOf(base.join('\n'), { nodes: 1 })).toEqual([
      '(command line): --nodes 1: the cluster has 1 node(s) and 1 manager(s): no worker would run tasks; ask for more nodes',
    ]);
  });
});
