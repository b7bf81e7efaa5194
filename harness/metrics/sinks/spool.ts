// The InfluxDB sink's local spool: lines that could not be sent wait in a file, in order, and are
// read back in batches of whole lines when InfluxDB answers again. A batch is committed only
// after InfluxDB accepted it; a batch resent after a lost reply writes identical points, which
// InfluxDB stores once, so nothing is lost and nothing is counted twice.
import { open, appendFile, truncate, readFile } from 'node:fs/promises';

export interface SpoolBatch {
  lines: string[];
  /** Offset just past the batch; pass to commit() once it was accepted. */
  end: number;
}

export class Spool {
  private offset = 0;
  private size = 0;
  private pendingLines = 0;

  constructor(readonly path: string) {}

  /** Picks up a spool left by an earlier process in the same directory (sent from the start). */
  async recover(): Promise<void> {
    try {
      const text = await readFile(this.path, 'utf8');
      this.size = Buffer.byteLength(text);
      this.offset = 0;
      this.pendingLines = text.split('\n').length - 1;
    } catch {
      this.size = 0;
      this.pendingLines = 0;
    }
  }

  get pending(): number {
    return this.pendingLines;
  }

  get empty(): boolean {
    return this.offset >= this.size;
  }

  async append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    await appendFile(this.path, text, 'utf8');
    this.size += Buffer.byteLength(text);
    this.pendingLines += lines.length;
  }

  /** Reads up to maxLines whole lines from the unsent part. */
  async read(maxLines: number, maxBytes = 4 << 20): Promise<SpoolBatch> {
    if (this.empty) return { lines: [], end: this.offset };
    const fh = await open(this.path, 'r');
    try {
      const len = Math.min(maxBytes, this.size - this.offset);
      const buf = Buffer.alloc(len);
      const { bytesRead } = await fh.read(buf, 0, len, this.offset);
      const text = buf.subarray(0, bytesRead).toString('utf8');
      let cut = 0;
      let count = 0;
      for (let i = text.indexOf('\n'); i !== -1 && count < maxLines; i = text.indexOf('\n', i + 1)) {
        cut = i + 1;
        count++;
      }
      if (count === 0) return { lines: [], end: this.offset };
      const chunk = text.slice(0, cut);
      return { lines: chunk.slice(0, -1).split('\n'), end: this.offset + Buffer.byteLength(chunk) };
    } finally {
      await fh.close();
    }
  }

  /** Marks everything before end as sent; an emptied spool file is truncated. */
  async commit(batch: SpoolBatch): Promise<void> {
    this.offset = batch.end;
    this.pendingLines -= batch.lines.length;
    if (this.offset >= this.size) {
      await truncate(this.path, 0).catch(() => undefined);
      this.offset = 0;
      this.size = 0;
      this.pendingLines = 0;
    }
  }
}
