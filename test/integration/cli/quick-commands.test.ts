// Commands that never reach an engine load only what they use: `--help`, `validate` and
// `scenarios ls` of the built CLI load no Docker client, no chart renderer, no gRPC and no
// InfluxDB client (commands import their modules on demand). No Docker engine is needed.
// What a process loaded is read from the process itself: ES modules through a resolve hook,
// CommonJS modules (dockerode, canvas, grpc are) from require's cache when it exits.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'sb-quick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PRELOAD = `
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
const out = process.env.RECORD_MODULES;
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, r.url + '\\\\n');
  return r;
}\`), { data: { out } });
process.on('exit', () => {
  const cache = createRequire(import.meta.url).cache;
  appendFileSync(out, Object.keys(cache).map((f) => pathToFileURL(f).href + '\\n').join(''));
});
`;
const preload = join(dir, 'record-modules.mjs');
writeFileSync(preload, PRELOAD);

/** The packages a command that touches no engine, chart or database must not load. */
const HEAVY =
  /\/node_modules\/(dockerode|docker-modem|ssh2|canvas|chartjs-node-canvas|chart\.js|@grpc\/grpc-js|protobufjs|influx)\//;

let runs = 0;
function loadedBy(args: string[]): Promise<{ code: number; modules: string[] }> {
  const out = join(dir, `modules-${runs++}.txt`);
  writeFileSync(out, '');
  return new Promise((resolve) => {
    execFile(
      'node',
      ['--import', preload, 'bin/swarmbench.js', ...args],
      { env: { ...process.env, RECORD_MODULES: out } },
      (err) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, modules: readFileSync(out, 'utf8').split('\n').filter(Boolean) });
      },
    );
  });
}

describe('commands that touch no engine load only what they use', () => {
  it.each([['--help'], ['validate', 'scenarios/alpine-top-scale.yaml'], ['scenarios', 'ls']])(
    'swarmbench %s',
    async (...args) => {
      const { code, modules } = await loadedBy(args);
      expect(code).toBe(0);
      // The recording works: the CLI's own modules and yargs are in it.
      expect(modules.some((m) => m.endsWith('/dist/harness/cli/main.js'))).toBe(true);
      expect(modules.some((m) => m.includes('/node_modules/yargs/'))).toBe(true);
      expect([
        ...new Set(modules.filter((m) => HEAVY.test(m)).map((m) => m.replace(/.*\/node_modules\//, ''))),
      ]).toEqual([]);
    },
  );
});
