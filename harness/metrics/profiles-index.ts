// The layout of a run's manager profiles (`run --profile managers`): profiles/<node>-<kind>.pb.gz
// (gzip-compressed pprof protobuf, as dockerd's Go runtime writes it) and profiles/profiles.json,
// the index the report reads. Written by scenario/manager-profiles.ts.
export const PROFILES_DIR = 'profiles';
export const PROFILES_INDEX = 'profiles.json';

export type ProfileKindName = 'cpu' | 'heap';

export interface ProfileEntry {
  /** The manager node's name ("<cluster>-node-0"). */
  node: string;
  kind: ProfileKindName;
  /** File name inside profiles/. */
  file: string;
  /** When the capture began (ISO 8601). */
  startedAt: string;
  /** A CPU profile's length. */
  seconds?: number;
  /** The step running when a CPU profile began. */
  step?: string;
}

export const profileFile = (node: string, kind: ProfileKindName) => `${node}-${kind}.pb.gz`;
