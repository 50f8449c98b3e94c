import { Level } from 'level';
import { receiptFromWire, receiptToWire, type Receipt } from '../../chain/module/receipt.ts';
import { encode, decodeTrusted } from '../../chain/codec.ts';
import { decodeHeader, headerHash } from '../../chain/block.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { DbKey, STATE_PREFIX } from './layout.ts';
import { checkBeforeOpen } from './preflight.ts';
import { corrupt, StoreError, storeErrorFrom } from './storeError.ts';

/** Validation status of a stored block. */
export type BlockStatus = 'applied' | 'side' | 'invalid';

/** What the node remembers of every block it stored, canonical or not. */
export interface BlockIndexEntry {
  readonly height: number;
  readonly parentHash: Uint8Array;
  /** Cumulative proven work of the chain ending at this block (exact once applied). */
  readonly cumulativeWork: bigint;
  readonly status: BlockStatus;
  /** Why the block was invalid, when it was. */
  readonly reason?: string;
  /** The encoded header, so walking ancestors never decodes whole blocks. */
  readonly headerBytes: Uint8Array;
}

/** One write of a batch. */
export type StoreOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/**
 * The node's database: the only module that imports `level`. Reads are async; every
 * change goes through `write(ops)`, one atomic LevelDB batch. Every failure comes out
 * as a StoreError naming the fix (disk full, permission, damage…), and a record that
 * does not decode, or an index entry whose header is not the one its key names, is
 * reported as damage instead of being returned.
 */
export class ChainStore {
  private readonly db: Level<string, Uint8Array>;
  readonly dir: string;
  /** Told of every failure that means the store cannot be trusted or written (damage, full disk, I/O). */
  onFault: ((err: StoreError) => void) | undefined;

  private constructor(dir: string, db: Level<string, Uint8Array>) {
    this.dir = dir;
    this.db = db;
  }

  /**
   * Opens (creating if missing) the database in `dir`, after the checks that must come
   * before LevelDB writes anything (see preflight.ts), so a refused open changes nothing.
   */
  static async open(dir: string): Promise<ChainStore> {
    await checkBeforeOpen(dir);
    const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (err) {
      throw storeErrorFrom(err, dir, 'opening the database');
    }
    return new ChainStore(dir, db);
  }

  /**
   * LevelDB's own repair of damaged files: keeps every record it can still read from
   * tables and logs, moves what it cannot into `lost/`, and writes a new MANIFEST. The
   * database must be closed. Records lost this way are found by verify-store.
   */
  static async repairFiles(dir: string): Promise<void> {
    // In Node `level` is classic-level, whose RepairDB binding its type declarations omit.
    const repair = (Level as unknown as { repair?: (location: string) => Promise<void> }).repair;
    if (!repair) throw new StoreError('OPEN_FAILED', 'this build of level has no repair: reinstall tesnode\'s dependencies');
    try {
      await repair.call(Level, dir);
    } catch (err) {
      throw storeErrorFrom(err, dir, 'repairing the database files');
    }
  }

  /** Raw read; undefined when missing. */
  async get(key: string): Promise<Uint8Array | undefined> {
    let v;
    try {
      v = await this.db.get(key);
    } catch (err) {
      throw this.fault(storeErrorFrom(err, this.dir, `reading ${key}`));
    }
    return v === undefined ? undefined : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }

  /** Commits a set of writes atomically. */
  async write(ops: readonly StoreOp[]): Promise<void> {
    try {
      await this.db.batch(ops as StoreOp[]);
    } catch (err) {
      if ((err as { code?: string }).code === 'LEVEL_INVALID_VALUE') throw err; // a bug in the caller, not the disk
      throw this.fault(storeErrorFrom(err, this.dir, `writing ${ops.length} records`));
    }
  }

  /**
   * Reports damage a check of a record found (a hash that does not match…): returns
   * the StoreError to throw, and tells `onFault`.
   */
  damaged(key: string, what: string): StoreError {
    return this.fault(corrupt(this.dir, `${key} ${what}`, what));
  }

  private fault(err: StoreError): StoreError {
    if (err.code === 'CORRUPT' || err.code === 'DISK_FULL' || err.code === 'IO_ERROR' || err.code === 'READ_ONLY' || err.code === 'PERMISSION_DENIED') this.onFault?.(err);
    return err;
  }

  /** Decodes a record read under `key`, reporting garbage as damage. */
  private decodeRecord<T>(key: string, raw: Uint8Array, decodeFn: (raw: Uint8Array) => T): T {
    try {
      return decodeFn(raw);
    } catch (err) {
      throw this.damaged(key, `does not decode (${(err as Error).message})`);
    }
  }

  async getBlockBytes(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.get(DbKey.block(hash));
  }

  /** A block's index entry; its header must hash to `hash`. */
  async getIndex(hash: Uint8Array): Promise<BlockIndexEntry | undefined> {
    const key = DbKey.index(hash);
    const raw = await this.get(key);
    if (!raw) return undefined;
    const entry = this.decodeRecord(key, raw, decodeIndex);
    if (!bytesEqual(headerHash(entry.header), hash)) throw this.damaged(key, 'holds the header of another block');
    return entry.index;
  }

  async getCanonicalHash(height: number): Promise<Uint8Array | undefined> {
    const key = DbKey.height(height);
    const raw = await this.get(key);
    if (raw && raw.length !== 32) throw this.damaged(key, `holds ${raw.length} bytes, not a 32-byte block hash`);
    return raw;
  }

  async getUndo(hash: Uint8Array): Promise<Array<[string, Uint8Array | null]> | undefined> {
    const key = DbKey.undo(hash);
    const raw = await this.get(key);
    return raw ? this.decodeRecord(key, raw, decodeUndo) : undefined;
  }

  /** The receipts of a canonical block, in transaction order. */
  async getReceipts(hash: Uint8Array): Promise<Receipt[] | undefined> {
    const key = DbKey.receipts(hash);
    const raw = await this.get(key);
    return raw ? this.decodeRecord(key, raw, decodeReceipts) : undefined;
  }

  async getTxLocation(hash: Uint8Array): Promise<{ blockHash: Uint8Array; index: number } | undefined> {
    const key = DbKey.tx(hash);
    const raw = await this.get(key);
    return raw ? this.decodeRecord(key, raw, decodeTxLocation) : undefined;
  }

  /** Where each of many transactions is, in one read (undefined where there is no record). */
  async getTxLocations(hashes: readonly Uint8Array[]): Promise<Array<{ blockHash: Uint8Array; index: number } | undefined>> {
    const keys = hashes.map(DbKey.tx);
    let values;
    try {
      values = await this.db.getMany(keys);
    } catch (err) {
      throw this.fault(storeErrorFrom(err, this.dir, `reading ${keys.length} transaction locations`));
    }
    return values.map((v, i) => (v === undefined ? undefined : this.decodeRecord(keys[i]!, new Uint8Array(v.buffer, v.byteOffset, v.byteLength), decodeTxLocation)));
  }

  /** Every state entry, in key order. */
  async *iterateState(): AsyncGenerator<[string, Uint8Array]> {
    for await (const [k, v] of this.entries(STATE_PREFIX)) yield [k.slice(STATE_PREFIX.length), v];
  }

  /** Every record whose key starts with `prefix`, in key order. */
  async *entries(prefix: string): AsyncGenerator<[string, Uint8Array]> {
    let last = prefix;
    try {
      for await (const [k, v] of this.db.iterator({ gte: prefix, lt: prefixEnd(prefix) })) {
        last = k;
        yield [k, new Uint8Array(v.buffer, v.byteOffset, v.byteLength)];
      }
    } catch (err) {
      throw this.fault(storeErrorFrom(err, this.dir, `reading the records after ${last}`));
    }
  }

  /** Every key that starts with `prefix`, in order. */
  keys(prefix: string): AsyncGenerator<string> {
    return this.keysBetween(prefix, prefixEnd(prefix));
  }

  /** Every key from `gte` up to (not including) `lt`, in order. */
  async *keysBetween(gte: string, lt: string): AsyncGenerator<string> {
    let last = gte;
    try {
      for await (const k of this.db.keys({ gte, lt })) {
        last = k;
        yield k;
      }
    } catch (err) {
      throw this.fault(storeErrorFrom(err, this.dir, `reading the keys after ${last}`));
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** The first key after every key that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Encodes an index entry. */
export function encodeIndex(e: BlockIndexEntry): Uint8Array {
  return encode([e.height, e.parentHash, e.cumulativeWork.toString(16), e.status, e.reason ?? '', e.headerBytes]);
}

const STATUSES: readonly string[] = ['applied', 'side', 'invalid'];

function decodeIndex(raw: Uint8Array) {
  const [height, parentHash, work, status, reason, headerBytes] = decodeTrusted(raw) as [number, Uint8Array, string, BlockStatus, string, Uint8Array];
  if (!Number.isSafeInteger(height) || typeof work !== 'string' || !/^[0-9a-f]+$/.test(work) || !STATUSES.includes(status) || typeof reason !== 'string') throw new Error('fields of the wrong type');
  const header = decodeHeader(new Uint8Array(headerBytes));
  if (header.height !== height || !bytesEqual(header.parentHash, parentHash)) throw new Error('its height or parent differs from its header');
  const index: BlockIndexEntry = {
    height,
    parentHash: new Uint8Array(parentHash),
    cumulativeWork: BigInt('0x' + work),
    status,
    headerBytes: new Uint8Array(headerBytes),
    ...(reason ? { reason } : {}),
  };
  return { index, header };
}

/** Encodes an undo record: each changed key with its value before the block. */
export function encodeUndo(changes: ReadonlyArray<{ key: string; prev: Uint8Array | null }>): Uint8Array {
  return encode(changes.map((c) => [c.key, c.prev]));
}

function decodeUndo(raw: Uint8Array): Array<[string, Uint8Array | null]> {
  const v = decodeTrusted(raw);
  if (!Array.isArray(v) || !v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (e[1] === null || e[1] instanceof Uint8Array))) throw new Error('not a list of [key, value]');
  return v as Array<[string, Uint8Array | null]>;
}

/** Encodes a block's receipts. */
export function encodeReceipts(receipts: readonly Receipt[]): Uint8Array {
  return encode(receipts.map(receiptToWire));
}

function decodeReceipts(raw: Uint8Array): Receipt[] {
  const v = decodeTrusted(raw);
  if (!Array.isArray(v)) throw new Error('not a list');
  return v.map((r) => {
    if (!Array.isArray(r) || !(r[0] instanceof Uint8Array) || typeof r[1] !== 'string' || typeof r[2] !== 'string') throw new Error('a receipt of the wrong shape');
    return receiptFromWire(r);
  });
}

/** Encodes a transaction location. */
export function encodeTxLocation(blockHash: Uint8Array, index: number): Uint8Array {
  return encode([blockHash, index]);
}

function decodeTxLocation(raw: Uint8Array): { blockHash: Uint8Array; index: number } {
  const v = decodeTrusted(raw) as [Uint8Array, number];
  if (!Array.isArray(v) || !(v[0] instanceof Uint8Array) || v[0].length !== 32 || !Number.isSafeInteger(v[1]) || v[1] < 0) throw new Error('not a block hash and position');
  return { blockHash: new Uint8Array(v[0]), index: v[1] };
}

