// hpack.js 2 ships no types: the parts the hollow workers' header decoder uses (h2/hpack-decode.ts).
declare module 'hpack.js' {
  /** Reads an HPACK header block bit by bit (integers, Huffman or raw strings). */
  export interface Decoder {
    push(block: Buffer): void;
    isEmpty(): boolean;
    decodeBit(): number;
    decodeInt(): number;
    /** The string's bytes (Huffman-decoded when it was encoded so). */
    decodeStr(): number[];
  }

  export interface TableEntry {
    name: string;
    value: string;
    nameSize: number;
  }

  /** The static table and a connection's dynamic table, evicting beyond maxSize. */
  export interface Table {
    lookup(index: number): TableEntry;
    add(name: string, value: string, nameSize: number, valueSize: number): void;
    updateSize(size: number): void;
  }

  const hpack: {
    decoder: { create(): Decoder };
    table: { create(options: { maxSize: number }): Table };
    utils: { stringify(bytes: number[]): string };
  };
  export default hpack;
}
