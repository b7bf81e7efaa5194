// A minimal ustar writer for small in-memory build contexts (a Dockerfile and a few assets),
// so building a derived image needs no tar package.
import { Readable } from 'node:stream';

function header(name: string, size: number, mode: number): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name.slice(0, 100), 0, 'utf8');
  h.write(mode.toString(8).padStart(7, '0') + '\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Packs files (name -> content; names ending in .sh are made executable) into a tar stream. */
export function pack(files: Record<string, string | Buffer>): Readable {
  const chunks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const body = typeof content === 'string' ? Buffer.from(content) : content;
    chunks.push(header(name, body.length, name.endsWith('.sh') ? 0o755 : 0o644), body);
    const pad = (512 - (body.length % 512)) % 512;
    if (pad) chunks.push(Buffer.alloc(pad, 0));
  }
  chunks.push(Buffer.alloc(1024, 0));
  return Readable.from([Buffer.concat(chunks)]);
}
