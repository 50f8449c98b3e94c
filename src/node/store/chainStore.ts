import { Level } from 'level';
import { receiptFromWire, receiptToWire, type Receipt } from '../../chain/module/receipt.ts';
import { encode, decodeTrusted } from '../../chain/codec.ts';
import { DbKey, STATE_PREFIX } from './layout.ts';
import { StoreError } from './storeError.ts';

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
 * change goes through `write(ops)`, one atomic LevelDB batch.
 */
export class ChainStore {
  private readonly db: Level<string, Uint8Array>;
  readonly dir: string;

  private constructor(dir: string, db: Level<string, Uint8Array>) {
    this.dir = dir;
    this.db = db;
  }

  /** Opens (creating if missing) the database in `dir`. */
  static async open(dir: string): Promise<ChainStore> {
    const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      const msg = `${(err as Error).message}${cause ? `: ${cause.message}` : ''}`;
      if (/lock/i.test(msg)) {
        throw new StoreError('LOCKED', `the database in ${dir} is in use by another process: stop the other tesnode or use another --datadir`);
      }
      throw new StoreError('OPEN_FAILED', `cannot open the database in ${dir}: ${msg}`);
    }
    return new ChainStore(dir, db);
  }

  /** Raw read; undefined when missing. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const v = await this.db.get(key);
    return v === undefined ? undefined : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }

  /** Commits a set of writes atomically. */
  async write(ops: readonly StoreOp[]): Promise<void> {
    await this.db.batch(ops as StoreOp[]);
  }

  async getBlockBytes(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.get(DbKey.block(hash));
  }

  async getIndex(hash: Uint8Array): Promise<BlockIndexEntry | undefined> {
    const raw = await this.get(DbKey.index(hash));
    return raw ? decodeIndex(raw) : undefined;
  }

  async getCanonicalHash(height: number): Promise<Uint8Array | undefined> {
    return this.get(DbKey.height(height));
  }

  async getUndo(hash: Uint8Array): Promise<Array<[string, Uint8Array | null]> | undefined> {
    const raw = await this.get(DbKey.undo(hash));
    return raw ? (decodeTrusted(raw) as Array<[string, Uint8Array | null]>) : undefined;
  }

  /** The receipts of a canonical block, in transaction order. */
  async getReceipts(hash: Uint8Array): Promise<Receipt[] | undefined> {
    const raw = await this.get(DbKey.receipts(hash));
    return raw ? (decodeTrusted(raw) as unknown[]).map(receiptFromWire) : undefined;
  }

  async getTxLocation(hash: Uint8Array): Promise<{ blockHash: Uint8Array; index: number } | undefined> {
    const raw = await this.get(DbKey.tx(hash));
    if (!raw) return undefined;
    const [blockHash, index] = decodeTrusted(raw) as [Uint8Array, number];
    return { blockHash: new Uint8Array(blockHash), index };
  }

  /** Every state entry, in key order. */
  async *iterateState(): AsyncGenerator<[string, Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gte: STATE_PREFIX, lt: 's0' })) {
      yield [k.slice(STATE_PREFIX.length), new Uint8Array(v.buffer, v.byteOffset, v.byteLength)];
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** Encodes an index entry. */
export function encodeIndex(e: BlockIndexEntry): Uint8Array {
  return encode([e.height, e.parentHash, e.cumulativeWork.toString(16), e.status, e.reason ?? '', e.headerBytes]);
}

function decodeIndex(raw: Uint8Array): BlockIndexEntry {
  const [height, parentHash, work, status, reason, headerBytes] = decodeTrusted(raw) as [number, Uint8Array, string, BlockStatus, string, Uint8Array];
  return {
    height,
    parentHash: new Uint8Array(parentHash),
    cumulativeWork: BigInt('0x' + work),
    status,
    headerBytes: new Uint8Array(headerBytes),
    ...(reason ? { reason } : {}),
  };
}

/** Encodes an undo record: each changed key with its value before the block. */
export function encodeUndo(changes: ReadonlyArray<{ key: string; prev: Uint8Array | null }>): Uint8Array {
  return encode(changes.map((c) => [c.key, c.prev]));
}

/** Encodes a block's receipts. */
export function encodeReceipts(receipts: readonly Receipt[]): Uint8Array {
  return encode(receipts.map(receiptToWire));
}

/** Encodes a transaction location. */
export function encodeTxLocation(blockHash: Uint8Array, index: number): Uint8Array {
  return encode([blockHash, index]);
}
