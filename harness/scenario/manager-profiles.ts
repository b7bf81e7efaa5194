// `run --profile managers`: Go CPU and heap profiles of every manager's dockerd, into the run
// directory's profiles/ (the report shows their top functions). The CPU profile starts with the
// first step, or the step named (a search's `profile.step`: the runner calls this when that step
// starts), and covers the seconds asked for (Go's endpoint cannot be stopped early: a run that
// ends sooner waits for it); the heap is read after the last step, while the run's services still
// exist. Managers on another host than this one have no socket here and are named, not profiled.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { managerSocket } from '../cluster/manager.js';
import type { ClusterHandle } from '../cluster/types.js';
import { fetchProfile, type ProfileKind } from '../docker/pprof.js';
import { PROFILES_DIR, PROFILES_INDEX, profileFile, type ProfileIndexEntry } from '../metrics/profiles-index.js';
import type { Logger } from '../util/log.js';

export interface ManagerProfiling {
  /** Waits for the CPU profiles, reads the heaps, writes profiles/ and its index. Never throws. */
  finish(): Promise<void>;
}

export async function startManagerProfiles(
  cluster: ClusterHandle,
  runDir: string,
  opts: { seconds: number; step?: string; log: Logger },
): Promise<ManagerProfiling> {
  const { log } = opts;
  const managers = (await cluster.nodes()).filter((n) => n.role === 'manager' && !n.hollow);
  const sockets = managers.map((m) => ({ node: m.name, socket: managerSocket(cluster.info.name, m.name) }));
  const here = sockets.filter((s) => existsSync(s.socket));
  const away = sockets.filter((s) => !here.includes(s)).map((s) => s.node);
  if (away.length) log.warn(`profiles: no API socket on this host for ${away.join(', ')}: not profiled`);
  mkdirSync(join(runDir, PROFILES_DIR), { recursive: true });
  const entries: ProfileIndexEntry[] = [];
  const keep = async (node: string, socket: string, kind: ProfileKind, startedAt: string) => {
    try {
      const buf = await fetchProfile(socket, kind, opts.seconds);
      const file = profileFile(node, kind);
      writeFileSync(join(runDir, file), buf);
      entries.push({
        node,
        kind,
        file,
        startedAt,
        ...(kind === 'cpu' ? { seconds: opts.seconds, ...(opts.step ? { step: opts.step } : {}) } : {}),
      });
    } catch (err) {
      log.warn(`profiles: no ${kind} profile of ${node}: ${(err as Error).message}`);
    }
  };
  const startedAt = new Date().toISOString();
  log.info(`profiles: CPU of ${here.map((s) => s.node).join(', ') || 'no manager'} for ${opts.seconds} s from now`);
  const cpu = Promise.all(here.map((s) => keep(s.node, s.socket, 'cpu', startedAt)));
  return {
    async finish() {
      const t0 = Date.now();
      await Promise.all(here.map((s) => keep(s.node, s.socket, 'heap', new Date().toISOString())));
      await cpu;
      const waited = (Date.now() - t0) / 1000;
      if (waited > 2) log.info(`profiles: waited ${waited.toFixed(0)} s for the CPU profiles to end`);
      entries.sort((a, b) => a.node.localeCompare(b.node) || a.kind.localeCompare(b.kind));
      writeFileSync(join(runDir, PROFILES_INDEX), `${JSON.stringify(entries, null, 2)}\n`);
      log.info(`profiles: ${entries.length} in ${join(runDir, PROFILES_DIR)}`);
    },
  };
}
