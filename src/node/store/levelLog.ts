/**
 * Reader of LevelDB's log format, shared by its write-ahead logs (*.log) and its
 * MANIFEST: 32 KiB blocks of records, each with a masked CRC-32C, a length and a type
 * (whole, first, middle or last fragment). Reads bytes only, so the files can be
 * checked before LevelDB opens (and rewrites) them.
 */
import { crc32c, maskCrc } from './crc32c.ts';

const BLOCK_SIZE = 32768;
const HEADER_SIZE = 7;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/** A damaged spot in a log file. */
export interface LogProblem {
  /** Byte offset of the damaged record. */
  readonly offset: number;
  readonly problem: string;
}

/** What a log file holds. */
export interface LogContents {
  /** The logical records that read back intact, in order. */
  readonly records: Uint8Array[];
  /**
   * Damage followed by intact records: committed writes LevelDB would silently drop.
   * Damage after the last intact record is a write cut short by a crash (the same
   * outcome as the write never happening) and is not reported.
   */
  readonly problems: LogProblem[];
}

/** Reads every record of a LevelDB log file's bytes. */
export function readLevelLog(bytes: Uint8Array): LogContents {
  const records: Uint8Array[] = [];
  const problems: LogProblem[] = [];
  let fragments: Uint8Array[] | undefined;
  // Problems seen before an intact record are damage, not a torn tail.
  let confirmed = 0;
  let pos = 0;
  const skipBlock = () => (pos += BLOCK_SIZE - (pos % BLOCK_SIZE));
  while (pos < bytes.length) {
    const left = BLOCK_SIZE - (pos % BLOCK_SIZE);
    if (left < HEADER_SIZE) {
      pos += left; // the block's zero trailer
      continue;
    }
    if (pos + HEADER_SIZE > bytes.length) break; // header cut short at the end
    const length = bytes[pos + 4]! | (bytes[pos + 5]! << 8);
    const type = bytes[pos + 6]!;
    if (type === 0 && length === 0) {
      skipBlock(); // preallocated space
      continue;
    }
    if (pos + HEADER_SIZE + length > bytes.length) break; // record cut short at the end
    if (HEADER_SIZE + length > left || !isIntact(bytes, pos)) {
      problems.push({ offset: pos, problem: HEADER_SIZE + length > left ? `record length ${length} runs past its 32 KiB block` : 'checksum mismatch' });
      // The length itself may be wrong: LevelDB drops the rest of the block. An intact
      // record later in it shows the damage is not a torn end.
      if (intactRecordIn(bytes, pos + 1, Math.min(bytes.length, pos + left))) confirmed = problems.length;
      skipBlock();
      continue;
    }
    const data = bytes.subarray(pos + HEADER_SIZE, pos + HEADER_SIZE + length);
    if (type === FULL) {
      if (fragments) problems.push({ offset: pos, problem: 'a fragmented record has no last part' });
      fragments = undefined;
      records.push(data);
    } else if (type === FIRST) {
      if (fragments) problems.push({ offset: pos, problem: 'a fragmented record has no last part' });
      fragments = [data];
    } else if (type === MIDDLE || type === LAST) {
      if (!fragments) problems.push({ offset: pos, problem: 'a record fragment without its first part' });
      else if (type === MIDDLE) fragments.push(data);
      else {
        records.push(concat([...fragments, data]));
        fragments = undefined;
      }
    } else {
      problems.push({ offset: pos, problem: `unknown record type ${type}` });
    }
    confirmed = problems.length;
    pos += HEADER_SIZE + length;
  }
  return { records, problems: problems.slice(0, confirmed) };
}

/** The record at `pos` has a type, fits the file and its checksum matches. */
function isIntact(bytes: Uint8Array, pos: number): boolean {
  if (pos + HEADER_SIZE > bytes.length) return false;
  const length = bytes[pos + 4]! | (bytes[pos + 5]! << 8);
  const type = bytes[pos + 6]!;
  if (type < FULL || type > LAST || pos + HEADER_SIZE + length > bytes.length) return false;
  const stored = (bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16) | (bytes[pos + 3]! << 24)) >>> 0;
  return maskCrc(crc32c(bytes, pos + 6, pos + HEADER_SIZE + length)) === stored;
}

/** Whether an intact record starts anywhere in `[from, end)` (a 32-bit checksum makes a false match negligible). */
function intactRecordIn(bytes: Uint8Array, from: number, end: number): boolean {
  for (let p = from; p + HEADER_SIZE <= end; p++) {
    const length = bytes[p + 4]! | (bytes[p + 5]! << 8);
    if (p + HEADER_SIZE + length <= end && isIntact(bytes, p)) return true;
  }
  return false;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
