// The checks behind `swarmbench doctor`: each says what it found and, when it fails, the fix.
// Kept apart from the command so the verdict logic is unit-tested without an engine.
import { readFileSync } from 'node:fs';
import type { NodeMode } from '../cluster/types.js';
import type { Engine } from '../docker/engine.js';
import { hostFacts } from '../docker/host-info.js';
import { inspectImage } from '../docker/images.js';
import { detectNodeMode, measureNodeCost, probeKernel, type KernelProbe, type ModeProbe } from '../docker/probe.js';
import {
  capacityFile,
  capacityKey,
  estimateCapacity,
  readCapacity,
  writeCapacity,
  type CapacityEstimate,
} from '../cluster/capacity.js';
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
  /** Nodes that fit in memory alone. */
  nodesThatFit: number | null;
  /** Real nodes this host holds, from one node's measured boot, CPU at rest and memory. */
  capacity: (CapacityEstimate & { measuredAt: string; source: 'measured' | 'cached' }) | null;
  images: Record<string, { ref: string; present: boolean; source: string | null; version: string | null }>;
  checks: Check[];
}

export function memAvailable(meminfo = '/proc/meminfo'): number | null {
  try {
    const m = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync(meminfo, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function hostCapacity(
  engine: Engine,
  engineId: string,
  mode: NodeMode,
  imageId: string,
  host: { cores: number; memAvailableBytes: number },
  remeasure: boolean,
) {
  const key = capacityKey(engineId, imageId, mode);
  const cached = remeasure ? undefined : readCapacity(capacityFile(), key);
  // Memory available changes by the minute: re-apply it to the cached cost.
  if (cached)
    return { ...estimateCapacity(cached.cost, host), measuredAt: cached.measuredAt, source: 'cached' as const };
  const estimate = estimateCapacity(await measureNodeCost(engine, CATALOG.node.ref, mode), host);
  const now = new Date();
  writeCapacity(capacityFile(), key, estimate, now);
  return { ...estimate, measuredAt: now.toISOString(), source: 'measured' as const };
}

export async function runDoctor(engine: Engine, opts: { remeasure?: boolean } = {}): Promise<DoctorReport> {
  const report: DoctorReport = {
    ok: false,
    engine: { reachable: false },
    nodeMode: null,
    overlay: false,
    ipvs: false,
    cgroupVersion: null,
    cpus: null,
    memTotalBytes: null,
    memAvailableBytes: null,
    nodeMemoryBytes: null,
    nodeMemorySource: null,
    nodesThatFit: null,
    capacity: null,
    images: {},
    checks: [],
  };
  const add = (c: Check) => report.checks.push(c);
  try {
    const v = await engine.version();
    report.engine = { reachable: true, version: v.version, apiVersion: v.apiVersion, kernel: v.kernel };
    add({
      name: 'engine',
      ok: true,
      required: true,
      detail: `Docker Engine ${v.version} (API ${v.apiVersion}) at ${engine.spec.url}`,
    });
  } catch (err) {
    report.engine = { reachable: false, error: err instanceof Error ? err.message : String(err) };
    add({
      name: 'engine',
      ok: false,
      required: true,
      detail: report.engine.error!,
      fix: 'run `npm run setup` (installs and starts the engine) or set DOCKER_HOST',
    });
    return finish(report);
  }
  const host = await hostFacts(engine);
  report.cpus = host.cpus;
  report.memTotalBytes = host.memTotal;
  report.memAvailableBytes = engine.spec.url.startsWith('unix:') ? memAvailable() : host.memTotal;

  for (const name of LOGICAL_IMAGES) {
    const img = await inspectImage(engine, CATALOG[name].ref);
    report.images[name] = {
      ref: CATALOG[name].ref,
      present: Boolean(img),
      source: img?.labels['swarmbench.source'] ?? null,
      version: img?.labels['swarmbench.version'] ?? null,
    };
  }
  const missing = LOGICAL_IMAGES.filter((n) => !report.images[n]!.present);
  add({
    name: 'images',
    ok: missing.length === 0,
    required: true,
    detail: missing.length ? `missing: ${missing.join(', ')}` : 'all catalog images present',
    fix: missing.length ? 'run `swarmbench images build`' : undefined,
  });

  const probeImage = report.images.alpine!.present ? CATALOG.alpine.ref : undefined;
  if (!probeImage) {
    add({
      name: 'node-mode',
      ok: false,
      required: true,
      detail: 'cannot probe without the alpine image',
      fix: 'run `swarmbench images build --only alpine` (seconds), then doctor again',
    });
    return finish(report);
  }
  const mode: ModeProbe = await detectNodeMode(engine, probeImage);
  report.nodeMode = mode.mode;
  report.privilegedError = mode.privilegedError;
  add(
    mode.mode
      ? {
          name: 'node-mode',
          ok: true,
          required: true,
          detail:
            mode.mode === 'privileged'
              ? 'dind nodes start with --privileged'
              : `--privileged is refused (${mode.privilegedError}); nodes start in capabilities mode`,
        }
      : {
          name: 'node-mode',
          ok: false,
          required: true,
          detail: `neither --privileged (${mode.privilegedError}) nor capabilities mode (${mode.capabilitiesError}) can start a node`,
          fix: 'run as root on a host whose kernel allows CAP_SYS_ADMIN in containers',
        },
  );
  if (!mode.mode) return finish(report);

  const kernel: KernelProbe = await probeKernel(engine, probeImage, mode.mode);
  report.overlay = kernel.vxlan;
  report.ipvs = kernel.ipvs;
  report.cgroupVersion = kernel.cgroupVersion;
  add({
    name: 'overlay',
    ok: kernel.vxlan,
    required: true,
    detail: kernel.vxlan ? 'vxlan available: overlay networks work' : 'no vxlan in this kernel',
    fix: kernel.vxlan ? undefined : 'load the vxlan module (`modprobe vxlan`) or use a kernel with it',
  });
  add({
    name: 'ipvs',
    ok: kernel.ipvs,
    required: false,
    detail: kernel.ipvs
      ? 'IPVS present: the ingress routing mesh works'
      : 'no IPVS: the routing mesh cannot forward published ports; scenarios use host-mode publishing and DNS round-robin',
    fix: kernel.ipvs ? undefined : 'load ip_vs (`modprobe ip_vs`) for routing-mesh scenarios',
  });
  add({
    name: 'cgroup',
    ok: true,
    required: true,
    detail: `cgroup v${kernel.cgroupVersion}${mode.mode === 'capabilities' && kernel.cgroupVersion === 1 ? ' (nodes remount their hierarchies writable)' : ''}`,
  });

  if (report.images.node!.present) {
    const img = await inspectImage(engine, CATALOG.node.ref);
    const cap = await hostCapacity(
      engine,
      host.id,
      mode.mode,
      img!.id,
      { cores: host.cpus, memAvailableBytes: report.memAvailableBytes ?? host.memTotal },
      Boolean(opts.remeasure),
    );
    report.capacity = cap;
    report.nodeMemoryBytes = cap.cost.memBytes;
    report.nodeMemorySource = cap.source;
    report.nodesThatFit = cap.memoryBound;
    const when = cap.source === 'cached' ? ` (measured ${cap.measuredAt}; --remeasure to redo)` : '';
    add({
      name: 'capacity',
      ok: cap.nodes >= 1,
      required: true,
      detail: `${report.cpus} CPUs, ${gib(report.memAvailableBytes)} GiB available: ${cap.explain}${when}`,
      fix: cap.nodes >= 1 ? undefined : 'free memory or CPU, or use a bigger host',
    });
  }
  return finish(report);
}

const gib = (b: number | null) => (b === null ? '?' : (b / 1024 ** 3).toFixed(1));

function finish(report: DoctorReport): DoctorReport {
  report.ok = report.checks.every((c) => c.ok || !c.required);
  return report;
}
