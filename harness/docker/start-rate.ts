// Containers started straight on an outer engine, for `swarmbench calibrate`: create+start a
// batch with bounded concurrency, read each container's Created and State.StartedAt (the
// engine's own clock), and remove them by label.
import pLimit from 'p-limit';
import { parseDockerTime } from './swarm-read.js';
import { runContainer, listContainers, removeContainer } from './containers.js';
import type { Engine } from './engine.js';

export interface StartedTimes {
  id: string;
  createdMs: number;
  startedMs: number;
}

export interface BatchSpec {
  image: string;
  count: number;
  concurrency: number;
  namePrefix: string;
  labels: Record<string, string>;
  cmd?: string[];
}

/** Starts count containers, concurrency at a time; returns ids of those that started and the errors. */
export async function startBatch(engine: Engine, spec: BatchSpec): Promise<{ ids: string[]; errors: string[] }> {
  const limit = pLimit(spec.concurrency);
  const ids: string[] = [];
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: spec.count }, (_, i) =>
      limit(async () => {
        try {
          ids.push(
            await runContainer(engine, {
              name: `${spec.namePrefix}-${i}`,
              image: spec.image,
              labels: spec.labels,
              cmd: spec.cmd,
            }),
          );
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }),
    ),
  );
  return { ids, errors };
}

/** Created and StartedAt of each container, from the engine, a few at a time. */
export async function startedTimes(engine: Engine, ids: readonly string[], concurrency = 8): Promise<StartedTimes[]> {
  const limit = pLimit(concurrency);
  const out = await Promise.all(
    ids.map((id) =>
      limit(async () => {
        const info = await engine.api.getContainer(id).inspect();
        return { id, createdMs: parseDockerTime(info.Created), startedMs: parseDockerTime(info.State.StartedAt) };
      }),
    ),
  );
  return out.filter((t) => Number.isFinite(t.createdMs) && Number.isFinite(t.startedMs));
}

/** Removes every container carrying these labels; returns how many. */
export async function removeLabelled(engine: Engine, labels: Record<string, string>, concurrency = 8): Promise<number> {
  const list = await listContainers(engine, labels);
  const limit = pLimit(concurrency);
  await Promise.all(list.map((c) => limit(() => removeContainer(engine, c.id))));
  return list.length;
}
