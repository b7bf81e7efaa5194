// The layout of a run's Go profiles (`--profile managers`): each manager's dockerd profiles, read
// from /debug/pprof on its API socket (docker/pprof.ts) and saved as served (gzip-compressed protobuf), under
// <run-dir>/profiles/, with an index of what was taken when. The capture writes this layout;
// report/ reads it (load-profiles.ts). Here, below both, so either can import it.

export type ProfileKind = 'cpu' | 'heap';

export interface ProfileIndexEntry {
  /** The manager's node name, as in the cluster. */
  node: string;
  kind: ProfileKind;
  /** The profile file, relative to the run directory: profileFile(node, kind). */
  file: string;
  /** A CPU profile's length in seconds (the ?seconds= asked for). */
  seconds?: number;
  /** When the request was sent, ISO 8601 UTC. */
  startedAt: string;
  /** The step that was running, when one was. */
  step?: string;
}

/** The directory under the run directory. */
export const PROFILES_DIR = 'profiles';
/** The index, a JSON array of ProfileIndexEntry, relative to the run directory. */
export const PROFILES_INDEX = `${PROFILES_DIR}/profiles.json`;

/** profiles/<node>-cpu.pb.gz, profiles/<node>-heap.pb.gz, relative to the run directory. */
export function profileFile(node: string, kind: ProfileKind): string {
  return `${PROFILES_DIR}/${node}-${kind}.pb.gz`;
}
