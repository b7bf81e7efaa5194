// Root filesystems built from the host's OS package mirror: a full Debian root (debootstrap
// minbase) for images that need a whole system (the dind node), and "slim" roots cut from it
// that hold only a few binaries and the shared libraries they load (workloads, registry, InfluxDB).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InfrastructureError } from '../errors.js';
import type { AptMirror } from './mirror.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; collects output (the tail is kept for error messages). */
export function run(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-200_000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** debootstrap --variant=minbase with extra packages; .debs are cached between builds. */
export async function debootstrap(
  target: string,
  mirror: AptMirror,
  packages: string[],
  cacheDir: string,
): Promise<void> {
  mkdirSync(cacheDir, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  const args = [
    '--variant=minbase',
    `--include=${packages.join(',')}`,
    `--cache-dir=${cacheDir}`,
    mirror.suite,
    target,
    mirror.uri,
  ];
  const res = await run('debootstrap', args);
  if (res.code !== 0) {
    rmSync(target, { recursive: true, force: true });
    const log = existsSync(join(target, 'debootstrap/debootstrap.log')) ? ' (see debootstrap.log)' : '';
    const tail = (res.stderr + res.stdout).trim().split('\n').slice(-3).join(' | ');
    const mirrorDown = /Failed getting release file|Could not resolve|Connection refused|timed out/i.test(tail);
    throw new InfrastructureError(
      `debootstrap of ${mirror.suite} from the host's package mirror failed${log}: ${tail}`,
      {
        fix: mirrorDown
          ? 'the package mirror in /etc/apt does not answer: check the network and `apt-get update`, then retry'
          : 'check free disk space (`df -h /var/cache`) and that debootstrap is installed, then retry with --force',
      },
    );
  }
  // Package lists, docs and man pages are dead weight in every node.
  for (const p of ['var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'var/cache/apt/archives']) {
    rmSync(join(target, p), { recursive: true, force: true });
    mkdirSync(join(target, p), { recursive: true });
  }
}

/** Shared libraries (and the loader) a binary inside rootfs needs, as absolute paths inside it. */
export async function sharedLibraries(rootfs: string, binary: string): Promise<string[]> {
  const res = await run('chroot', [rootfs, '/usr/bin/ldd', binary]);
  if (res.code !== 0 && /not a dynamic executable/.test(res.stdout + res.stderr)) return [];
  if (res.code !== 0) throw new InfrastructureError(`ldd ${binary} in ${rootfs} failed: ${res.stderr.trim()}`);
  return parseLdd(res.stdout);
}

export function parseLdd(output: string): string[] {
  const libs = new Set<string>();
  for (const line of output.split('\n')) {
    const arrow = /=>\s*(\/\S+)/.exec(line);
    const bare = /^\s*(\/\S+)\s+\(/.exec(line);
    const path = arrow?.[1] ?? bare?.[1];
    if (path) libs.add(path);
  }
  return [...libs];
}

/** Copies paths (files or directories, following links) from rootfs into target at the same place. */
export function copyInto(rootfs: string, target: string, paths: string[]): void {
  for (const p of paths) {
    const src = join(rootfs, p);
    if (!existsSync(src)) throw new InfrastructureError(`${p} is missing from the package root ${rootfs}`);
    const dest = join(target, p);
    mkdirSync(dirname(dest), { recursive: true });
    cpSync(src, dest, { recursive: true, dereference: true });
  }
}

/** A slim root: the given binaries with their libraries, extra paths, and empty directories. */
export async function slimRoot(
  rootfs: string,
  target: string,
  spec: { binaries: string[]; extra?: string[]; dirs?: string[]; files?: Record<string, string> },
): Promise<void> {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const libs = new Set<string>();
  for (const bin of spec.binaries) for (const lib of await sharedLibraries(rootfs, bin)) libs.add(lib);
  copyInto(rootfs, target, [...spec.binaries, ...libs, 'etc/passwd', 'etc/group', ...(spec.extra ?? [])]);
  for (const d of ['tmp', 'run', ...(spec.dirs ?? [])]) mkdirSync(join(target, d), { recursive: true, mode: 0o1777 });
  for (const [path, content] of Object.entries(spec.files ?? {})) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
}

/** Total size of a directory tree in bytes (for the image's labels and the build log). */
export function treeSize(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}
