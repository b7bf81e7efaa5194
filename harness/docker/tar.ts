// Small in-memory build contexts (a Dockerfile and a few assets) as tar streams, for buildImage.
import { pack as tarPack } from 'tar-stream';

/** Packs files (name -> content; names ending in .sh are made executable) into a tar stream. */
export function pack(files: Record<string, string | Buffer>): NodeJS.ReadableStream {
  const tar = tarPack();
  for (const [name, content] of Object.entries(files)) {
    tar.entry({ name, type: 'file', mode: name.endsWith('.sh') ? 0o755 : 0o644 }, content);
  }
  tar.finalize();
  return tar;
}
