// Shared by the scenario integration tests: run the real CLI on a named scenario with its own
// cluster (prefix t-sc-), read back what the run directory holds, and always tear down.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { down } from '../../../harness/cluster/index.js';
import type { RunRecord } from '../../../harness/run-record.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  runDir: string;
  record?: RunRecord;
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/swarmbench.js', ...args, '--progress', 'plain'],
      { env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function runScenarioCli(name: string, cluster: string, extra: string[]): Promise<CliRun> {
  const runDir = join(mkdtempSync(join(tmpdir(), `${cluster}-`)), 'run');
  const r = await runCli(['run', name, '--cluster', cluster, '--out', runDir, ...extra]);
  const file = join(runDir, 'run.json');
  const record = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunRecord) : undefined;
  if (r.code !== 0) process.stderr.write(`--- ${name} stderr ---\n${r.stderr}\n`);
  return { ...r, runDir, record };
}

/** Removes the test's cluster whatever happened (the run removes it itself when it passes). */
export async function cleanupCluster(name: string): Promise<void> {
  await down(name).catch(() => undefined);
}

export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
