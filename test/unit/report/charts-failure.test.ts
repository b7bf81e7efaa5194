// A chart that cannot be rendered (canvas's native module missing) becomes a note, not a crash:
// the nightly job still gets summary.json, junit.xml and bench.json.
import { describe, expect, test, vi } from 'vitest';

vi.mock('../../../harness/report/charts/render.js', () => ({
  renderPng: () => Promise.reject(new Error("Cannot find module '../build/Release/canvas.node'\nRequire stack: ...")),
}));

const { renderCharts } = await import('../../../harness/report/charts/index.js');
const { analyze } = await import('../../../harness/metrics/analysis.js');
const { completeRecord } = await import('../../../harness/report/record-defaults.js');

describe('renderCharts when rendering fails', () => {
  test('every chart with data is marked missing with the first line of the cause', async () => {
    const T = 1_763_690_400_000;
    const a = analyze(completeRecord({ startMs: T }, [], '/x'), [
      { measurement: 'swarm_service', tags: { service: 'top' }, fields: { desired: 10, running: 3 }, timeMs: T },
    ]);
    const errors: string[] = [];
    const charts = await renderCharts(a, (m) => errors.push(m));
    const convergence = charts.find((c) => c.id === 'convergence')!;
    expect(convergence.png).toBeUndefined();
    expect(convergence.missing).toBe(
      "the chart could not be rendered (Cannot find module '../build/Release/canvas.node')",
    );
    expect(errors).toEqual([`Service convergence: ${convergence.missing}`]);
    expect(charts.find((c) => c.id === 'cpu')?.missing).toMatch(/no node_resources points/);
  });
});
