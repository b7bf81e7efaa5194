// Builds the catalog's images once and reuses them: the official image when it is present or can
// be pulled, otherwise an equivalent built from the host's OS packages. An image is tagged only
// after it was built completely, so a failed build leaves no half-tagged image behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InfrastructureError } from '../errors.js';
import type { Engine } from '../docker/engine.js';
import { buildFromFiles, importRootfs, inspectImage, removeImage, tagImage, tryPull } from '../docker/images.js';
import type { Logger } from '../util/log.js';
import { packageRoot } from '../util/package-root.js';
import { CATALOG, LOGICAL_IMAGES, ROOTS, type CatalogEntry, type LogicalImage, type RootSpec } from './catalog.js';
import { readAptMirror, type AptMirror } from './mirror.js';
import { debootstrap, run, slimRoot } from './rootfs.js';
import { withBuildLock } from './lock.js';

/** Bump when the way images are built changes, so old images are rebuilt. */
const BUILDER_VERSION = '1';
const MIN_FREE_BYTES = 3 * 1024 ** 3;

export interface BuildOptions {
  force?: boolean;
  /** Try `docker pull` of the official image first (default true). */
  pull?: boolean;
  only?: LogicalImage[];
  cacheDir?: string;
  log: Logger;
}

export type BuildOutcome = 'reused' | 'official' | 'built';

export interface BuildResult {
  name: LogicalImage;
  ref: string;
  outcome: BuildOutcome;
  source: string;
  version?: string;
  seconds: number;
}

export function defaultCacheDir(): string {
  return process.env.SWARMBENCH_CACHE ?? '/var/cache/swarmbench';
}

const assetPath = (name: string) => join(packageRoot(), 'harness/images/assets', name);

/** What an image is made from; a different recipe means a rebuild. */
export function recipeHash(entry: CatalogEntry, suite: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ BUILDER_VERSION, entry, root: ROOTS[entry.root], suite }));
  const assets = { ...entry.rootAssets, ...entry.slim?.assets };
  for (const a of Object.values(assets).sort()) h.update(readFileSync(assetPath(a)));
  return h.digest('hex').slice(0, 16);
}

export async function buildImages(engine: Engine, opts: BuildOptions): Promise<BuildResult[]> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  mkdirSync(cacheDir, { recursive: true });
  return withBuildLock(join(cacheDir, 'build.lock'), opts.log, async () => {
    const results: BuildResult[] = [];
    let mirror: AptMirror | undefined;
    const getMirror = () => (mirror ??= readAptMirror());
    for (const name of opts.only ?? LOGICAL_IMAGES) {
      const started = Date.now();
      const entry = CATALOG[name];
      const done = (outcome: BuildOutcome, source: string, version?: string): BuildResult => ({
        name,
        ref: entry.ref,
        outcome,
        source,
        version,
        seconds: (Date.now() - started) / 1000,
      });
      const existing = await inspectImage(engine, entry.ref);
      const suite = existing?.labels['swarmbench.suite'] ?? safeSuite(getMirror);
      const hash = recipeHash(entry, suite);
      if (!opts.force && existing && existing.labels['swarmbench.recipe'] === hash) {
        results.push(
          done('reused', existing.labels['swarmbench.source'] ?? 'unknown', existing.labels['swarmbench.version']),
        );
        continue;
      }
      if (opts.pull !== false && (await officialAvailable(engine, entry))) {
        opts.log.info(`image ${name}: deriving ${entry.ref} from the official ${entry.official}`);
        await deriveFromOfficial(engine, entry, hash, suite);
        results.push(done('official', entry.official));
        continue;
      }
      opts.log.info(`image ${name}: building ${entry.ref} from OS packages (${entry.mainPackage})`);
      const version = await buildFromPackages(engine, entry, hash, getMirror(), cacheDir, opts.log);
      results.push(done('built', `os-packages:${entry.mainPackage}`, version));
    }
    return results;
  });
}

function safeSuite(getMirror: () => AptMirror): string {
  try {
    return getMirror().suite;
  } catch {
    return 'unknown';
  }
}

async function officialAvailable(engine: Engine, entry: CatalogEntry): Promise<boolean> {
  if (await inspectImage(engine, entry.official)) return true;
  return tryPull(engine, entry.official, 20_000);
}

async function deriveFromOfficial(engine: Engine, entry: CatalogEntry, hash: string, suite: string): Promise<void> {
  const labels = imageLabels(entry, hash, suite, entry.official, undefined);
  const lines = [`FROM ${entry.official}`, `LABEL ${labels.join(' ')}`, ...(entry.officialExtra ?? [])];
  if (entry.name === 'node') lines.push('ENTRYPOINT ["/usr/local/bin/swarmbench-node"]', 'CMD []');
  const files: Record<string, string | Buffer> = { Dockerfile: lines.join('\n') + '\n' };
  for (const a of new Set([...Object.values(entry.rootAssets ?? {}), ...Object.values(entry.slim?.assets ?? {})])) {
    files[a] = readFileSync(assetPath(a));
  }
  await atomicTag(engine, entry.ref, (tmp) => buildFromFiles(engine, files, tmp));
}

function imageLabels(
  entry: CatalogEntry,
  hash: string,
  suite: string,
  source: string,
  version: string | undefined,
): string[] {
  const kv: Record<string, string> = {
    'swarmbench.image': entry.name,
    'swarmbench.recipe': hash,
    'swarmbench.source': source,
    'swarmbench.suite': suite,
    'swarmbench.stands-for': entry.official,
  };
  if (version) kv['swarmbench.version'] = version;
  return Object.entries(kv).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

/** Builds under a temporary tag, then moves :latest; the temporary tag goes away on any outcome. */
async function atomicTag(engine: Engine, ref: string, build: (tmpRef: string) => Promise<void>): Promise<void> {
  const tmp = `${ref.replace(/:[^:/]+$/, '')}:building-${process.pid}`;
  try {
    await build(tmp);
    await tagImage(engine, tmp, ref);
  } finally {
    await removeImage(engine, tmp).catch(() => undefined);
  }
}

async function buildFromPackages(
  engine: Engine,
  entry: CatalogEntry,
  hash: string,
  mirror: AptMirror,
  cacheDir: string,
  log: Logger,
): Promise<string | undefined> {
  checkFreeDisk(cacheDir);
  const root = await ensureRoot(ROOTS[entry.root], mirror, cacheDir, log);
  const version =
    (await run('chroot', [root, 'dpkg-query', '-W', '-f', '${Version}', entry.mainPackage])).stdout.trim() || undefined;
  let dir = root;
  if (entry.slim) {
    dir = join(cacheDir, 'images', entry.name);
    const files: Record<string, string> = {};
    for (const [path, asset] of Object.entries(entry.slim.assets ?? {}))
      files[path] = readFileSync(assetPath(asset), 'utf8');
    await slimRoot(root, dir, { binaries: entry.slim.binaries, extra: entry.slim.extra, dirs: entry.slim.dirs, files });
    if (entry.slim.busyboxApplets) await linkBusyboxApplets(dir);
  } else {
    for (const [path, asset] of Object.entries(entry.rootAssets ?? {})) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), readFileSync(assetPath(asset)));
      chmodSync(join(root, path), 0o755);
    }
  }
  const changes = [
    ...entry.changes,
    `LABEL ${imageLabels(entry, hash, mirror.suite, `os-packages:${entry.mainPackage}`, version).join(' ')}`,
  ];
  await atomicTag(engine, entry.ref, async (tmp) => {
    const tar = tarStream(dir);
    await importRootfs(engine, tar.stream, tmp, changes);
    await tar.done;
  });
  return version;
}

/** The debootstrap root for a spec, built once and reused while its package list is the same. */
async function ensureRoot(spec: RootSpec, mirror: AptMirror, cacheDir: string, log: Logger): Promise<string> {
  const dir = join(cacheDir, 'roots', spec.id);
  const marker = join(dir, '.swarmbench-root');
  const want = JSON.stringify({ packages: spec.packages, mirror });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return dir;
  log.info(`debootstrap ${mirror.suite} root "${spec.id}" with ${spec.packages.join(', ')} (about a minute)`);
  await debootstrap(dir, mirror, spec.packages, join(cacheDir, 'debs'));
  writeFileSync(marker, want);
  return dir;
}

async function linkBusyboxApplets(dir: string): Promise<void> {
  const list = await run(join(dir, 'bin/busybox'), ['--list-full']);
  if (list.code !== 0) throw new InfrastructureError(`busybox --list-full failed: ${list.stderr.trim()}`);
  for (const applet of list.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const target = join(dir, applet);
    if (existsSync(target)) continue;
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync('/bin/busybox', target);
  }
}

function tarStream(dir: string): { stream: Readable; done: Promise<void> } {
  const child = spawn('tar', ['-C', dir, '--numeric-owner', '--exclude=./.swarmbench-root', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new InfrastructureError(`tar of ${dir} failed: ${stderr.trim()}`)),
    );
  });
  return { stream: child.stdout, done };
}

function checkFreeDisk(dir: string): void {
  const fs = statfsSync(dir);
  const free = fs.bavail * fs.bsize;
  if (free < MIN_FREE_BYTES) {
    throw new InfrastructureError(
      `only ${(free / 1024 ** 3).toFixed(1)} GiB free under ${dir}; building images needs about 3 GiB`,
      {
        fix: 'free disk space (`docker system df`, remove old reports) or set SWARMBENCH_CACHE to a larger disk',
      },
    );
  }
}

export function removeCacheRoot(cacheDir: string, id: RootSpec['id']): void {
  rmSync(join(cacheDir, 'roots', id), { recursive: true, force: true });
}
