// Moving images where they are needed without a public registry: copying an image from one
// engine to another (save | load), into the engine inside a container, and tagging and pushing
// into the cluster's registry.
import type { Duplex } from 'node:stream';
import { statusOf, tolerate, type Engine } from './engine.js';

export async function hasImage(engine: Engine, ref: string): Promise<boolean> {
  try {
    await engine.api.getImage(ref).inspect();
    return true;
  } catch (err) {
    if (statusOf(err) === 404) return false;
    throw err;
  }
}

/** Streams `ref` from one engine into another (docker save | docker load). */
export async function copyImage(from: Engine, to: Engine, ref: string): Promise<void> {
  const tar = await from.api.getImage(ref).get();
  const res = await to.api.loadImage(tar, { quiet: true });
  await drain(res);
}

/**
 * Loads `ref` from the engine into the engine inside one of its containers (a dind node): `docker
 * load` runs there with the saved image on its stdin, so no port or registry needs to reach it.
 */
export async function loadImageInContainer(engine: Engine, containerId: string, ref: string): Promise<void> {
  const tar = await engine.api.getImage(ref).get();
  const chunks: Buffer[] = [];
  for await (const c of tar) chunks.push(c as Buffer);
  const exec = await engine.api
    .getContainer(containerId)
    .exec({ Cmd: ['docker', 'load'], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
      stream.resume();
      stream.end(Buffer.concat(chunks));
    });
  } finally {
    stream.destroy();
  }
  const exitCode = (await exec.inspect()).ExitCode;
  if (exitCode) throw new Error(`docker load of ${ref} in container ${containerId} exited with ${exitCode}`);
}

/** Tags `ref` as `target` on the engine, pushes it, and removes the extra tag again. */
export async function pushAs(engine: Engine, ref: string, target: string): Promise<void> {
  const colon = target.lastIndexOf(':');
  const repo = colon > target.lastIndexOf('/') ? target.slice(0, colon) : target;
  const tag = colon > target.lastIndexOf('/') ? target.slice(colon + 1) : 'latest';
  await engine.api.getImage(ref).tag({ repo, tag });
  try {
    // The engine insists on an X-Registry-Auth header even for a registry without auth.
    const stream = await engine.api
      .getImage(target)
      .push({ authconfig: { username: '', password: '', serveraddress: repo.split('/')[0] } });
    await drain(stream);
  } finally {
    await tolerate(engine.api.getImage(target).remove({ noprune: true }), 404, 409);
  }
}

/** Reads a JSON-lines progress stream to its end; an {"error": ...} line becomes an exception. */
async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  let failure: string | undefined;
  let buffered = '';
  try {
    for await (const chunk of stream) {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        try {
          const msg = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
          if (msg.error) failure = msg.errorDetail?.message ?? msg.error;
        } catch {
          // Progress lines that are not JSON carry nothing we act on.
        }
      }
    }
  } finally {
    (stream as { destroy?: () => void }).destroy?.();
  }
  if (failure) throw new Error(failure);
}
