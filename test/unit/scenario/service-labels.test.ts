// service.create's `labels`: set on the service beside the harness's own (hollow workers read
// swarmbench.hollow.* from them), and a scenario may not set the harness's own labels.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../harness/scenario/load.js';
import { formatIssue } from '../../../harness/scenario/parse.js';

function load(labels: string) {
  const text = `name: labels\nsteps:\n  - service.create: {name: top, image: alpine, labels: ${labels}}\n`;
  const r = loadScenario('s.yaml', text, {});
  return r.ok ? { scenario: r.scenario, issues: [] } : { scenario: undefined, issues: r.issues.map(formatIssue) };
}

describe('service.create labels', () => {
  it('takes a map of labels, hollow-worker behaviour among them', () => {
    const r = load("{team: perf, 'swarmbench.hollow.step-delay-ms': 800}");
    expect(r.issues).toEqual([]);
    const body = r.scenario!.steps[0]!.body as { labels?: Record<string, unknown> };
    expect(body.labels).toEqual({ team: 'perf', 'swarmbench.hollow.step-delay-ms': 800 });
  });

  it("refuses the harness's own labels", () => {
    const r = load("{'swarmbench.run': x}");
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatch(/label 'swarmbench\.run' is the harness's own/);
  });

  it('refuses a label that is not a string, number or boolean', () => {
    expect(load('{a: [1, 2]}').issues[0]).toMatch(/labels/);
  });
});
