// Named volumes on an outer engine: one per node for its /var/lib/docker, labelled so that
// teardown finds them after a crash.
import { tolerate, type Engine } from './engine.js';
import { labelFilter } from './labels-filter.js';

export async function createVolume(engine: Engine, name: string, labels: Record<string, string>): Promise<void> {
  await engine.api.createVolume({ Name: name, Labels: labels });
}

export async function listVolumes(engine: Engine, labels: Record<string, string | undefined>): Promise<string[]> {
  const res = await engine.api.listVolumes({ filters: { label: labelFilter(labels) } });
  return (res.Volumes ?? []).map((v) => v.Name);
}

/** Removes a volume; gone counts as done. 409 (still in use) is the caller's to handle. */
export async function removeVolume(engine: Engine, name: string): Promise<void> {
  await tolerate(engine.api.getVolume(name).remove({ force: true }), 404);
}

/** Removes the volume of that name only if it carries every given label (never someone else's). */
export async function removeOwnVolume(engine: Engine, name: string, labels: Record<string, string>): Promise<void> {
  const info = await tolerate(engine.api.getVolume(name).inspect(), 404);
  if (!info) return;
  const own = (info as { Labels?: Record<string, string> | null }).Labels ?? {};
  if (Object.entries(labels).every(([k, v]) => own[k] === v)) await removeVolume(engine, name);
}
