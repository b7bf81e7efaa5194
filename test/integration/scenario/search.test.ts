// A scenario with `search:` on a real cluster: probes grow the parameter on one cluster until an
// SLO breaks, bisection refines between the last size that held and the first that broke, and
// knee.json/.md/.png say where; the cluster the first probe brought up is removed at the end.
// The SLO is on tasks.started so the knee is known in advance (4 held, 5 broke) whatever the host.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { list } from '../../../harness/cluster/index.js';
import type { Knee } from '../../../harness/search/knee.js';
import { cleanupCluster, lastLine, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-search';

describe.sequential('a breaking-point search', () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('grows, refines and reports the knee', { timeout: 600_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'swarmbench-search-')), 'search.yaml');
    writeFileSync(
      file,
      [
        'name: search-started',
        'params:',
        '  replicas: {default: 2}',
        'cluster: {nodes: 2}',
        'search: {param: replicas, from: 2, step: 2, max: 8, refine: 1}',
        'steps:',
        "  - service.create: {name: top, image: alpine, command: [top], replicas: '${replicas}'}",
        'slos:',
        '  - tasks.started < 5',
        '',
      ].join('\n'),
    );
    const r = await runScenarioCli(file, CLUSTER, []);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stderr)).toMatch(/exit 0: SEARCHED: the swarm held 4 replicas and broke at 5: tasks\.started 5/);
    const knee = JSON.parse(readFileSync(join(r.runDir, 'knee.json'), 'utf8')) as Knee;
    expect(knee.probes.map((p) => [p.size, p.phase, p.held])).toEqual([
      [2, 'grow', true],
      [4, 'grow', true],
      [6, 'grow', false],
      [5, 'refine', false],
    ]);
    expect([knee.lastGood?.size, knee.firstBad?.size, knee.reason, knee.resolution]).toEqual([4, 5, 'slo-broke', 1]);
    for (const p of knee.probes) expect(existsSync(join(r.runDir, `probe-${p.size}`, 'report.html'))).toBe(true);
    expect(existsSync(join(r.runDir, 'knee.png'))).toBe(true);
    expect(readFileSync(join(r.runDir, 'knee.md'), 'utf8')).toContain('| 6 | grow | broke | ');
    expect(await list()).not.toContain(CLUSTER);
  });

  it('a search with both step and factor is bad input (exit 2), before touching Docker', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'swarmbench-search-')), 'search.yaml');
    writeFileSync(
      file,
      [
        'name: search-bad',
        'params:',
        '  replicas: {default: 2}',
        'search: {param: replicas, from: 2, step: 2, factor: 2, max: 8}',
        'steps:',
        "  - service.create: {name: top, image: alpine, command: [top], replicas: '${replicas}'}",
        '',
      ].join('\n'),
    );
    const r = await runScenarioCli(file, CLUSTER, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/search.*(step|factor)/);
  });
});
