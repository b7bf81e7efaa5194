// The managers' own view of a real run (issue 15): swarm_manager points scraped from the
// manager's engine every 5 s, its raft and store figures in summary.json and a chart; with
// `--profile managers` its CPU and heap profiles in profiles/ and their top functions in the
// report; and Swarm's own settings set by the scenario's cluster.swarm, recorded in run.json.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../../harness/docker/engine.js';
import { execIn } from '../../../harness/docker/exec.js';
import { cleanupCluster, runScenarioCli } from './support.js';

const CLUSTER = 't-sc-it-manager';

describe.sequential("the managers' own view", () => {
  afterAll(() => cleanupCluster(CLUSTER));

  it('scrapes the manager, profiles it and records the settings in force', { timeout: 600_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'swarmbench-manager-')), 'manager-view.yaml');
    writeFileSync(
      file,
      [
        'name: manager-view',
        'cluster:',
        '  nodes: 2',
        '  swarm: {dispatcherHeartbeat: 8s, snapshotInterval: 3000, taskHistoryLimit: 2}',
        'steps:',
        '  - service.create: {name: top, image: alpine, command: [top], replicas: 0}',
        '  - service.scale: {service: top, replicas: 6}',
        '  - sleep: {duration: 11s}',
        'slos:',
        '  - manager.raft.transaction_latency.p99 < 10s',
        '',
      ].join('\n'),
    );
    const r = await runScenarioCli(file, CLUSTER, ['--profile', 'managers', '--profile-seconds', '3', '--keep']);
    expect(r.code, r.stderr).toBe(0);

    const points = readFileSync(join(r.runDir, 'metrics.lp'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('swarm_manager,'));
    // Every 5 s and once at the end, over a run of more than 11 s.
    expect(points.length).toBeGreaterThanOrEqual(3);
    expect(points.at(-1)).toMatch(/leader=1i/);
    expect(points.at(-1)).toMatch(/tasks_running=6i/);
    expect(points.at(-1)).toMatch(/raft_tx_count=\d+i/);
    const summary = JSON.parse(readFileSync(join(r.runDir, 'summary.json'), 'utf8')) as {
      metrics: Record<string, { value: number; unit: string }>;
    };
    expect(summary.metrics['manager.raft.transaction_latency.p99']).toMatchObject({ unit: 'ms' });
    expect(summary.metrics['manager.raft.wal_bytes.max']!.value).toBeGreaterThan(0);
    expect(existsSync(join(r.runDir, 'charts', 'manager-latency.png'))).toBe(true);

    const index = JSON.parse(readFileSync(join(r.runDir, 'profiles', 'profiles.json'), 'utf8')) as {
      node: string;
      kind: string;
      file: string;
    }[];
    expect(index.map((e) => e.kind).sort()).toEqual(['cpu', 'heap']);
    for (const e of index) expect(existsSync(join(r.runDir, e.file))).toBe(true);
    const md = readFileSync(join(r.runDir, 'report.md'), 'utf8');
    expect(md).toMatch(/## Manager profiles/);
    expect(md).toMatch(/by flat/);

    // The metrics listen on the manager node's own loopback: another node on the cluster's network
    // cannot reach them (while from inside the manager the collector did).
    const worker = await execIn(connect(), `${CLUSTER}-node-1`, [
      'sh',
      '-c',
      `curl -s --max-time 3 -o /dev/null -w '%{http_code}' http://${CLUSTER}-node-0:9323/metrics; echo " exit $?"`,
    ]);
    expect(worker.output).toMatch(/exit (7|28)/);

    expect(r.record?.cluster.swarm).toEqual({
      dispatcherHeartbeatMs: 8000,
      snapshotInterval: 3000,
      taskHistoryLimit: 2,
      setByScenario: ['dispatcherHeartbeatMs', 'snapshotInterval', 'taskHistoryLimit'],
    });
  });
});
