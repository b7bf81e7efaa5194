// A scenario with three mistakes: all three reported with line numbers, exit 2, and nothing made.
// `run` reaches the real engine here, so "nothing was created" is counted on an engine the CLI
// could have created something on (before and after); validate gets an engine that is nowhere,
// so any Docker call would end in exit 3 instead.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listContainers } from '../../../harness/docker/containers.js';
import { connect } from '../../../harness/docker/engine.js';
import { labelledObjects } from '../cluster/support.js';
import { lastLine, runCli } from './support.js';

const fixture = join('test', 'unit', 'scenario', 'fixtures', 'three-mistakes.yaml');

describe('run with a bad scenario file', () => {
  it('reports every mistake with its line, exits 2, creates nothing', async () => {
    const engine = connect();
    const before = await labelledObjects(engine, 't-sc-bad');
    const containersBefore = (await listContainers(engine, {})).length;
    const r = await runCli(['run', fixture, '--cluster', 't-sc-bad', '--nodes', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/three-mistakes\.yaml:7:17: steps\[0\]\.service\.create\.replicas: expected an integer/);
    expect(r.stderr).toMatch(/three-mistakes\.yaml:8:5: steps\[1\]\.service\.explode: unknown step 'service\.explode'/);
    expect(r.stderr).toMatch(
      /three-mistakes\.yaml:11:7: steps\[2\]\.service\.scale\.replicas: missing required key 'replicas'/,
    );
    expect(r.stderr).toMatch(/3 mistakes/);
    expect(r.stderr).toMatch(/fix: /);
    expect(lastLine(r.stderr)).toMatch(/exit 2: BAD INPUT: .*three-mistakes\.yaml: 3 mistakes; nothing was created/);
    expect(await labelledObjects(engine, 't-sc-bad')).toEqual(before);
    expect(before).toEqual({ containers: 0, volumes: 0, networks: 0 });
    expect((await listContainers(engine, {})).length).toBe(containersBefore);
  });

  it('a YAML alias bomb is bad input with its line, not an infrastructure failure', async () => {
    const file = join('test', 'unit', 'scenario', 'fixtures', 'alias-bomb.yaml');
    const r = await runCli(['validate', file], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/alias-bomb\.yaml:4:8: \(yaml\): YAML aliases expand past 100 copies/);
  });

  it('validate says the same without touching Docker', async () => {
    const r = await runCli(['validate', fixture], { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('a wrong --set is bad input too', async () => {
    const r = await runCli(['run', 'alpine-top-scale', '--set', 'replicas=lots'], {
      ...process.env,
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--set replicas=lots: expected an integer, got 'lots'/);
  });

  it('a baseline that does not exist, or a threshold that is not a percentage, stops the run before it starts', async () => {
    const env = { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const missing = await runCli(['run', 'alpine-top-scale', '--baseline', 'reports/no-such-run'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/reports\/no-such-run does not exist/);
    expect(lastLine(missing.stderr)).toMatch(/exit 2: BAD INPUT: .*nothing was created/);
    const threshold = await runCli(['run', 'alpine-top-scale', '--threshold', 'a lot'], env);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr).toMatch(/--threshold a lot is not a percentage/);
  });
});
