// One door to Docker: only harness/docker/ imports dockerode or touches an Engine's raw client
// (`.api`), and docker/ depends on nothing above it; hollow/ stays beside cluster/, below metrics/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/util/package-root.js';

const root = packageRoot();

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const all = ['harness', 'test', 'bench'].flatMap(tsFiles);
const outsideDocker = all.filter((f) => !f.startsWith('harness/docker/'));
const importsOf = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!);
const offenders = (files: string[], bad: (spec: string) => boolean) =>
  files.flatMap((f) =>
    importsOf(f)
      .filter(bad)
      .map((s) => `${f}: ${s}`),
  );

describe('one door to Docker', () => {
  it('no file outside harness/docker/ imports dockerode', () => {
    expect(
      offenders(
        outsideDocker.filter((f) => f.startsWith('harness/')),
        (s) => s === 'dockerode',
      ),
    ).toEqual([]);
  });

  it("no file outside harness/docker/ touches an engine's raw client (.api)", () => {
    // This file names the pattern it looks for; it is the one exception.
    const self = relative(root, new URL(import.meta.url).pathname);
    const touching = outsideDocker.filter((f) => f !== self && /\.api\b/.test(readFileSync(join(root, f), 'utf8')));
    expect(touching).toEqual([]);
  });

  it('harness/docker/ imports nothing of the harness but errors and util/', () => {
    const docker = all.filter((f) => f.startsWith('harness/docker/'));
    expect(offenders(docker, (s) => s.startsWith('../') && !/^\.\.\/(errors\.js|util\/)/.test(s))).toEqual([]);
  });

  it('harness/hollow/ does not import metrics/, scenario/, report/ or cli/', () => {
    const hollow = all.filter((f) => f.startsWith('harness/hollow/'));
    expect(offenders(hollow, (s) => /(^|\/)(metrics|scenario|report|cli)\//.test(s))).toEqual([]);
  });
});
