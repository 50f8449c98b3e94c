/**
 * Reads LevelDB's MANIFEST (its list of live table files) from the records of the
 * manifest log, so the files can be checked before LevelDB opens the directory.
 * A record is a VersionEdit: tagged fields, integers as varints.
 */

/** The live files a MANIFEST describes. */
export interface ManifestState {
  /** Live table files: file number → size in bytes. */
  readonly tables: Map<number, number>;
  /** Write-ahead logs numbered from here on hold writes not yet in a table. */
  readonly logNumber: number;
  readonly prevLogNumber: number;
}

/** The MANIFEST cannot be understood; the message says where. */
export class ManifestError extends Error {}

const COMPARATOR = 1;
const LOG_NUMBER = 2;
const NEXT_FILE = 3;
const LAST_SEQUENCE = 4;
const COMPACT_POINTER = 5;
const DELETED_FILE = 6;
const NEW_FILE = 7;
const PREV_LOG_NUMBER = 9;

/** Applies the VersionEdits of a MANIFEST, in order, to find the live files. */
export function readManifest(records: readonly Uint8Array[]): ManifestState {
  const tables = new Map<number, number>();
  let logNumber = 0;
  let prevLogNumber = 0;
  records.forEach((rec, i) => {
    const r = new Reader(rec, i);
    while (!r.done()) {
      const tag = r.varint();
      switch (tag) {
        case COMPARATOR:
          r.slice();
          break;
        case LOG_NUMBER:
          logNumber = r.varint();
          break;
        case PREV_LOG_NUMBER:
          prevLogNumber = r.varint();
          break;
        case NEXT_FILE:
        case LAST_SEQUENCE:
          r.varint();
          break;
        case COMPACT_POINTER:
          r.varint();
          r.slice();
          break;
        case DELETED_FILE:
          r.varint();
          tables.delete(r.varint());
          break;
        case NEW_FILE: {
          r.varint(); // level
          const number = r.varint();
          const size = r.varint();
          r.slice();
          r.slice();
          tables.set(number, size);
          break;
        }
        default:
          throw new ManifestError(`record ${i} has an unknown field tag ${tag}`);
      }
    }
  });
  return { tables, logNumber, prevLogNumber };
}

class Reader {
  private pos = 0;
  private readonly bytes: Uint8Array;
  private readonly record: number;
  constructor(bytes: Uint8Array, record: number) {
    this.bytes = bytes;
    this.record = record;
  }

  done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** A varint up to 2^53 (file numbers and sizes; sequence numbers are skipped past). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw new ManifestError(`record ${this.record} ends inside a number`);
      const b = this.bytes[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new ManifestError(`record ${this.record} holds a number longer than 10 bytes`);
  }

  /** A length-prefixed byte string. */
  slice(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.bytes.length) throw new ManifestError(`record ${this.record} ends inside a key`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
