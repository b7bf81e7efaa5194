// tar-stream 2 ships no types and @types/tar-stream is not installed: the part docker/tar.ts uses.
declare module 'tar-stream' {
  export interface Headers {
    name: string;
    size?: number;
    mode?: number;
    mtime?: Date;
    type?: 'file' | 'directory' | 'symlink';
  }

  /** A readable tar stream (readable-stream 3): add entries, then finalize. */
  export interface Pack extends NodeJS.ReadableStream {
    entry(header: Headers, content?: string | Buffer, callback?: (err?: Error) => void): unknown;
    finalize(): void;
  }

  export function pack(): Pack;
}
