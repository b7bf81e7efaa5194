// Image operations on an engine: inspect, pull with a deadline, import a root filesystem,
// build a small derived image, tag, remove.
import type { Readable } from 'node:stream';
import { pack } from './tar.js';
import { statusOf, tolerate, type Engine } from './engine.js';

export interface ImageSummary {
  id: string;
  tags: string[];
  sizeBytes: number;
  created: string;
  labels: Record<string, string>;
}

export async function inspectImage(engine: Engine, ref: string): Promise<ImageSummary | undefined> {
  const info = await tolerate(engine.api.getImage(ref).inspect(), 404);
  if (!info) return undefined;
  return {
    id: info.Id,
    tags: info.RepoTags ?? [],
    sizeBytes: info.Size,
    created: info.Created,
    labels: (info.Config?.Labels as Record<string, string> | null) ?? {},
  };
}

/** Pulls ref; resolves false (never throws) when no registry answers within timeoutMs. */
export async function tryPull(engine: Engine, ref: string, timeoutMs: number): Promise<boolean> {
  const attempt = new Promise<boolean>((resolve) => {
    engine.api.pull(ref, (err: unknown, stream: Readable | undefined) => {
      if (err || !stream) return resolve(false);
      engine.api.modem.followProgress(stream, (doneErr: unknown) => resolve(!doneErr));
    });
  });
  const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([attempt, deadline]);
}

/** `docker import`: a root filesystem tar stream becomes an image with the given Dockerfile changes. */
export async function importRootfs(engine: Engine, tar: Readable, repoTag: string, changes: string[]): Promise<void> {
  const [repo, tag] = splitRef(repoTag);
  const stream = await engine.api.importImage(tar, { repo, tag, changes } as unknown as object);
  await followOrThrow(engine, stream as Readable, `import of ${repoTag}`);
}

/** `docker build` of a context given as files (a Dockerfile FROM a local image plus assets). */
export async function buildFromFiles(
  engine: Engine,
  files: Record<string, string | Buffer>,
  repoTag: string,
): Promise<void> {
  const stream = await engine.api.buildImage(pack(files), {
    t: repoTag,
    rm: true,
    forcerm: true,
    pull: false,
  } as object);
  await followOrThrow(engine, stream as unknown as Readable, `build of ${repoTag}`);
}

export async function tagImage(engine: Engine, ref: string, repoTag: string): Promise<void> {
  const [repo, tag] = splitRef(repoTag);
  await engine.api.getImage(ref).tag({ repo, tag });
}

export async function removeImage(engine: Engine, ref: string): Promise<void> {
  await tolerate(engine.api.getImage(ref).remove({ force: true }), 404, 409);
}

export async function listImages(engine: Engine, reference: string): Promise<ImageSummary[]> {
  const list = await engine.api.listImages({ filters: JSON.stringify({ reference: [reference] }) });
  return list.map((i) => ({
    id: i.Id,
    tags: i.RepoTags ?? [],
    sizeBytes: i.Size,
    created: new Date(i.Created * 1000).toISOString(),
    labels: i.Labels ?? {},
  }));
}

function splitRef(repoTag: string): [string, string] {
  const slash = repoTag.lastIndexOf('/');
  const colon = repoTag.lastIndexOf(':');
  return colon > slash ? [repoTag.slice(0, colon), repoTag.slice(colon + 1)] : [repoTag, 'latest'];
}

function followOrThrow(engine: Engine, stream: Readable, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    engine.api.modem.followProgress(
      stream,
      (err: unknown, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        const failed = output?.find((o) => o.error || o.errorDetail);
        if (err) reject(err instanceof Error ? err : new Error(`${what} failed: ${String(err)}`));
        else if (failed) reject(new Error(`${what} failed: ${failed.error ?? failed.errorDetail?.message}`));
        else resolve();
      },
    );
  });
}

export { statusOf };
