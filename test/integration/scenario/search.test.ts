// A scenario with `search:` on a real cluster: probes grow the parameter on one cluster until an
// SLO breaks, bisection refines between the last size that held and the first that broke, and
// knee.json/.md/.png/.html say where; every probe took the manager's profiles (from the step the
// search's profile block names), and knee.html shows them either side of the knee; the cluster
// the first probe brought up is removed at the end.
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
        // Short CPU profiles: each probe waits for its own to end.
        'search: {param: replicas, from: 2, step: 2, max: 8, refine: 1, profile: {seconds: 3, step: create}}',
        'steps:',
        '  - sleep: {duration: 1s}',
        '  - name: create',
        "    service.create: {name: top, image: alpine, command: [top], replicas: '${replicas}'}",
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

    // Every probe took the manager's CPU (from the step named create) and heap profiles, and
    // knee.json names each probe's index.
    for (const p of knee.probes) {
      expect(p.profiles).toBe(`probe-${p.size}/profiles/profiles.json`);
      const index = JSON.parse(readFileSync(join(r.runDir, p.profiles!), 'utf8')) as {
        kind: string;
        file: string;
        step?: string;
      }[];
      expect(index.map((e) => e.kind).sort()).toEqual(['cpu', 'heap']);
      expect(index.find((e) => e.kind === 'cpu')?.step).toBe('create');
      for (const e of index) expect(existsSync(join(r.runDir, `probe-${p.size}`, e.file))).toBe(true);
    }
    // knee.html: the knee, the verdict there, the chart inline, the probes linked, and the
    // manager's top functions at 5 (first bad) beside 4 (last good).
    const html = readFileSync(join(r.runDir, 'knee.html'), 'utf8');
    expect(html).toContain('<p class="knee" id="knee">The swarm held 4 replicas and broke at 5:');
    expect(html).toMatch(/<div id="verdict" class="[a-z-]+"><p><strong>Validity at 5, the first size that broke: /);
    expect(html).toContain('src="data:image/png;base64,');
    for (const p of knee.probes) expect(html).toContain(`href="probe-${p.size}/report.html"`);
    expect(html).toMatch(/<section id="knee-profile-[^"]+-cpu"><h3>[^<]+: CPU<\/h3>/);
    expect(html).toMatch(/<th>first bad 5<\/th><th>flat %<\/th><th>last good 4<\/th>/);
    expect(html).toMatch(/From 4 to 5 replicas, (no function|the CPU share grew most)/);
    expect(html).not.toMatch(/(src|href)="https?:/);
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
