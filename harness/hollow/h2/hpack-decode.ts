// The manager's response headers and trailers, decoded (HPACK, RFC 7541) with hpack.js's bit
// decoder (Huffman included) and tables. hpack.js's own Decompressor wraps the same steps in an
// object-mode stream whose bookkeeping cost more than the decoding for a heartbeat's answer.
import hpack, { type Table } from 'hpack.js';

/** HTTP/2's default SETTINGS_HEADER_TABLE_SIZE, which the link never changes. */
const TABLE_SIZE = 4096;

/** One connection's decoder: blocks must be decoded in the order they arrived, every one of them. */
export class HeaderDecoder {
  private readonly decoder = hpack.decoder.create();
  private readonly table: Table = hpack.table.create({ maxSize: TABLE_SIZE });

  decode(block: Buffer): Map<string, string> {
    const d = this.decoder;
    const out = new Map<string, string>();
    d.push(block);
    while (!d.isEmpty()) {
      if (d.decodeBit()) {
        // Indexed field: name and value from a table.
        const e = this.table.lookup(d.decodeInt());
        out.set(e.name, e.value);
        continue;
      }
      const incremental = d.decodeBit() === 1;
      if (!incremental) {
        if (d.decodeBit()) {
          // Dynamic table size update.
          this.table.updateSize(d.decodeInt());
          continue;
        }
        d.decodeBit(); // never-indexed or without indexing: the same to a decoder
      }
      const index = d.decodeInt();
      let name: string;
      let nameSize: number;
      if (index === 0) {
        const raw = d.decodeStr();
        name = hpack.utils.stringify(raw);
        nameSize = raw.length;
      } else {
        const e = this.table.lookup(index);
        name = e.name;
        nameSize = e.nameSize;
      }
      const raw = d.decodeStr();
      const value = hpack.utils.stringify(raw);
      if (incremental) this.table.add(name, value, nameSize, raw.length);
      out.set(name, value);
    }
    return out;
  }
}
