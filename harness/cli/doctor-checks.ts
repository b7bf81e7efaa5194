// The checks behind `swarmbench doctor`: each says what it found and, when it fails, the fix.
// Kept apart from the command so the verdict logic is unit-tested without an engine.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeMode } from '../cluster/types.js';
import type { Engine } from '../docker/engine.js';
import { inspectImage } from '../docker/images.js';
import { detectNodeMode, measureNodeMemory, probeKernel, type KernelProbe, type ModeProbe } from '../docker/probe.js';
import { defaultCacheDir } from '../images/build.js';
import { CATALOG, LOGICAL_IMAGES } from '../images/catalog.js';

export interface Check {
  name: string;
  ok: boolean;
  /** A failed check that does not stop a cluster (IPVS: scenarios fall back to host-mode publishing). */
  required: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  engine: { reachable: boolean; version?: string; apiVersion?: string; kernel?: string; error?: string };
  nodeMode: NodeMode | null;
  privilegedError?: string;
  overlay: boolean;
  ipvs: boolean;
  cgroupVersion: 1 | 2 | null;
  cpus: number | null;
  memTotalBytes: number | null;
  memAvailableBytes: number | null;
  nodeMemoryBytes: number | null;
  nodeMemorySource: 'measured' | 'cached' | null;
  nodesThatFit: number | null;
  images: Record<string, { ref: string; present: boolean; source: string | null; version: string | null }>;
  checks: Check[];
}

/** Memory kept free for the harness, the outer engine and the page cache. */
const HEADROOM = 0.8;

export function estimateNodesThatFit(availableBytes: number, perNodeBytes: number): number {
  return perNodeBytes > 0 ? Math.floor((availableBytes * HEADROOM) / perNodeBytes) : 0;
}

export function memAvailable(meminfo = '/proc/meminfo'): number | null {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync(meminfo, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

interface CachedMemory {
  imageId: string;
  mode: string;
  bytes: number;
  measuredAt: string;
}

async function nodeMemory(engine: Engine, mode: NodeMode, imageId: string): Promise<{ bytes: number; source: 'measured' | 'cached' }> {
  const file = join(defaultCacheDir(), 'node-memory.json');
  if (existsSync(file)) {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as CachedMemory;
    if (cached.imageId === imageId && cached.mode === mode) return { bytes: cached.bytes, source: 'cached' };
  }
  const bytes = await measureNodeMemory(engine, CATALOG.node.ref, mode);
  mkdirSync(defaultCacheDir(), { recursive: true });
  writeFileSync(file, JSON.stringify({ imageId, mode, bytes, measuredAt: new Date().toISOString() } satisfies CachedMemory));
  return { bytes, source: 'measured' };
}

export async function runDoctor(engine: Engine, opts: { remeasure?: boolean } = {}): Promise<DoctorReport> {
  const report: DoctorReport = {
    ok: false, engine: { reachable: false }, nodeMode: null, overlay: false, ipvs: false, cgroupVersion: null,
    cpus: null, memTotalBytes: null, memAvailableBytes: null, nodeMemoryBytes: null, nodeMemorySource: null,
    nodesThatFit: null, images: {}, checks: [],
  };
  const add = (c: Check) => report.checks.push(c);
  try {
    const v = await engine.version();
    report.engine = { reachable: true, version: v.version, apiVersion: v.apiVersion, kernel: v.kernel };
    add({ name: 'engine', ok: true, required: true, detail: `Docker Engine ${v.version} (API ${v.apiVersion}) at ${engine.spec.url}` });
  } catch (err) {
    report.engine = { reachable: false, error: err instanceof Error ? err.message : String(err) };
    add({ name: 'engine', ok: false, required: true, detail: report.engine.error!, fix: 'run `npm run setup` (installs and starts the engine) or set DOCKER_HOST' });
    return finish(report);
  }
  const info = await engine.api.info();
  report.cpus = info.NCPU;
  report.memTotalBytes = info.MemTotal;
  report.memAvailableBytes = engine.spec.url.startsWith('unix:') ? memAvailable() : info.MemTotal;

  for (const name of LOGICAL_IMAGES) {
    const img = await inspectImage(engine, CATALOG[name].ref);
    report.images[name] = { ref: CATALOG[name].ref, present: Boolean(img), source: img?.labels['swarmbench.source'] ?? null, version: img?.labels['swarmbench.version'] ?? null };
  }
  const missing = LOGICAL_IMAGES.filter((n) => !report.images[n]!.present);
  add({ name: 'images', ok: missing.length === 0, required: true, detail: missing.length ? `missing: ${missing.join(', ')}` : 'all catalog images present', fix: missing.length ? 'run `swarmbench images build`' : undefined });

  const probeImage = report.images.alpine!.present ? CATALOG.alpine.ref : undefined;
  if (!probeImage) {
    add({ name: 'node-mode', ok: false, required: true, detail: 'cannot probe without the alpine image', fix: 'run `swarmbench images build --only alpine` (seconds), then doctor again' });
    return finish(report);
  }
  const mode: ModeProbe = await detectNodeMode(engine, probeImage);
  report.nodeMode = mode.mode;
  report.privilegedError = mode.privilegedError;
  add(mode.mode
    ? { name: 'node-mode', ok: true, required: true, detail: mode.mode === 'privileged' ? 'dind nodes start with --privileged' : `--privileged is refused (${mode.privilegedError}); nodes start in capabilities mode` }
    : { name: 'node-mode', ok: false, required: true, detail: `neither --privileged (${mode.privilegedError}) nor capabilities mode (${mode.capabilitiesError}) can start a node`, fix: 'run as root on a host whose kernel allows CAP_SYS_ADMIN in containers' });
  if (!mode.mode) return finish(report);

  const kernel: KernelProbe = await probeKernel(engine, probeImage, mode.mode);
  report.overlay = kernel.vxlan;
  report.ipvs = kernel.ipvs;
  report.cgroupVersion = kernel.cgroupVersion;
  add({ name: 'overlay', ok: kernel.vxlan, required: true, detail: kernel.vxlan ? 'vxlan available: overlay networks work' : 'no vxlan in this kernel', fix: kernel.vxlan ? undefined : 'load the vxlan module (`modprobe vxlan`) or use a kernel with it' });
  add({ name: 'ipvs', ok: kernel.ipvs, required: false, detail: kernel.ipvs ? 'IPVS present: the ingress routing mesh works' : 'no IPVS: the routing mesh cannot forward published ports; scenarios use host-mode publishing and DNS round-robin', fix: kernel.ipvs ? undefined : 'load ip_vs (`modprobe ip_vs`) for routing-mesh scenarios' });
  add({ name: 'cgroup', ok: true, required: true, detail: `cgroup v${kernel.cgroupVersion}${mode.mode === 'capabilities' && kernel.cgroupVersion === 1 ? ' (nodes remount their hierarchies writable)' : ''}` });

  if (report.images.node!.present) {
    const img = await inspectImage(engine, CATALOG.node.ref);
    if (opts.remeasure) removeMeasurement();
    const mem = await nodeMemory(engine, mode.mode, img!.id);
    report.nodeMemoryBytes = mem.bytes;
    report.nodeMemorySource = mem.source;
    if (report.memAvailableBytes) report.nodesThatFit = estimateNodesThatFit(report.memAvailableBytes, mem.bytes);
    const fits = report.nodesThatFit ?? 0;
    add({ name: 'capacity', ok: fits >= 1, required: true, detail: `${report.cpus} CPUs, ${gib(report.memAvailableBytes)} GiB available; one idle node uses ${(mem.bytes / 1024 ** 2).toFixed(0)} MiB (${mem.source}): about ${fits} nodes fit in memory (CPU usually limits first: about 60 nodes per core at rest)`, fix: fits >= 1 ? undefined : 'free memory or use a bigger host' });
  }
  return finish(report);
}

function removeMeasurement(): void {
  const file = join(defaultCacheDir(), 'node-memory.json');
  if (existsSync(file)) writeFileSync(file, '{}');
}

const gib = (b: number | null) => (b === null ? '?' : (b / 1024 ** 3).toFixed(1));

function finish(report: DoctorReport): DoctorReport {
  report.ok = report.checks.every((c) => c.ok || !c.required);
  return report;
}
