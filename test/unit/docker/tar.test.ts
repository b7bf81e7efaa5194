// Build contexts reach the engine as ustar archives: names, modes (.sh executable) and contents
// as given, each body padded to 512 bytes, and the two zero blocks that end an archive.
import { describe, expect, it } from 'vitest';
import { pack } from '../../../harness/docker/tar.js';

async function bytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

const field = (h: Buffer, at: number, len: number) =>
  h
    .subarray(at, at + len)
    .toString('utf8')
    .replace(/\0.*$/s, '');

describe('pack', () => {
  it('writes ustar entries with their modes and contents, then the end-of-archive blocks', async () => {
    const files = {
      Dockerfile: 'FROM alpine\nCOPY run.sh /\n',
      'run.sh': Buffer.from('#!/bin/sh\necho hi\n'),
      'conf/x.yml': '',
    };
    const tar = await bytes(pack(files));
    expect(tar.length % 512).toBe(0);
    const entries: { name: string; mode: number; body: string }[] = [];
    let at = 0;
    while (tar.subarray(at, at + 512).some((b) => b !== 0)) {
      const h = tar.subarray(at, at + 512);
      expect(field(h, 257, 6)).toBe('ustar');
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      expect(parseInt(field(h, 148, 8), 8)).toBe(sum);
      const size = parseInt(field(h, 124, 12), 8);
      entries.push({
        name: field(h, 0, 100),
        mode: parseInt(field(h, 100, 8), 8),
        body: tar.subarray(at + 512, at + 512 + size).toString('utf8'),
      });
      at += 512 + Math.ceil(size / 512) * 512;
    }
    expect(entries).toEqual([
      { name: 'Dockerfile', mode: 0o644, body: files.Dockerfile },
      { name: 'run.sh', mode: 0o755, body: files['run.sh'].toString('utf8') },
      { name: 'conf/x.yml', mode: 0o644, body: '' },
    ]);
    expect(tar.length - at).toBe(1024);
    expect(tar.subarray(at).every((b) => b === 0)).toBe(true);
  });
});
