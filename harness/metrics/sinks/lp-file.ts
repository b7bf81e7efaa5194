// metrics.lp, the run's own copy of every point: lines are buffered and appended once a second
// (and on close, with fsync), so a crash loses at most the last second.
import { open, type FileHandle } from 'node:fs/promises';

export class LineFileSink {
  private buf: string[] = [];
  private fh: FileHandle | undefined;
  private writing: Promise<void> = Promise.resolve();
  lines = 0;

  constructor(readonly path: string) {}

  async open(): Promise<void> {
    this.fh = await open(this.path, 'a');
  }

  write(line: string): void {
    this.buf.push(line);
    this.lines++;
  }

  /** Appends what is buffered; calls are serialised so lines keep their order. */
  flush(): Promise<void> {
    if (this.buf.length === 0) return this.writing;
    const chunk = `${this.buf.join('\n')}\n`;
    this.buf = [];
    this.writing = this.writing.then(async () => {
      await this.fh?.appendFile(chunk, 'utf8');
    });
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.fh) {
      await this.fh.sync().catch(() => undefined);
      await this.fh.close();
      this.fh = undefined;
    }
  }
}
