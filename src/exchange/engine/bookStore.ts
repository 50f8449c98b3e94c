import type { Side, TimeInForce, Venue } from './types.ts';

/**
 * The storage the engine runs on. The same engine code runs over the in-memory store
 * (tests, benchmark) and over the chain's flat key→value state, so the interface is a
 * typed key→record map with point reads and writes only: no range scans, no iteration.
 * Every structure the engine needs (sorted price ladders, FIFO queues, the list of a
 * period's books) is linked through keys it can compute.
 *
 * A chain implementation maps (kind, key) to one state key, e.g. `x/<kind>/<key>`, and
 * encodes the record canonically. Records hold only numbers (below 2^32), bigints,
 * strings, arrays of those, and plain objects whose fields the engine always writes in
 * one order. The engine never mutates a record it read or wrote: it writes a new one.
 * Over the state overlay that is, in full:
 *
 *   get: (kind, key) => { const raw = state.get(`x/${kind}/${key}`); return raw && decodeTrusted(raw) }
 *   set: (kind, key, value) => state.set(`x/${kind}/${key}`, encode(value))
 *   delete: (kind, key) => state.delete(`x/${kind}/${key}`)
 */
export interface BookStore {
  get<K extends RecordKind>(kind: K, key: string): BookRecords[K] | undefined;
  set<K extends RecordKind>(kind: K, key: string, value: BookRecords[K]): void;
  delete(kind: RecordKind, key: string): void;
}

/** The record kinds and their keys (see docs/exchange.md, "Book layout"). */
export interface BookRecords {
  /** key `<id>`: an order resting on a book. */
  order: OrderRecord;
  /** key `<book>/<price>`: a price level: its FIFO of orders and its total. */
  level: LevelRecord;
  /** key `<book>`: the sorted price index of a book, split into chunks. */
  ladder: LadderRecord;
  /** key `<book>/<chunk>`: one chunk of ladder keys, ascending. */
  chunk: readonly bigint[];
  /**
   * key `<period>/<venue>/<side>`: the regions whose book on that side is not empty,
   * sorted by region, each with its best ladder key: a taker reads this one record to
   * rank every region's best price.
   */
  tops: readonly BookTop[];
  /** key `<period>/<owner>`: the side an owner trades in a period's call auction. */
  callSide: CallSideRecord;
  /** key `` (empty): id and arrival counters. */
  meta: MetaRecord;
}

/** A record kind. */
export type RecordKind = keyof BookRecords;

/**
 * An order on a book. `prev`/`next` link the FIFO of its price level (0 = none): orders
 * only ever join a level at its tail, so FIFO order is arrival order.
 */
export interface OrderRecord {
  readonly id: number;
  readonly period: number;
  readonly venue: Venue;
  readonly side: Side;
  readonly owner: string;
  readonly region: string;
  readonly price: bigint;
  readonly rest: bigint;
  readonly tif: TimeInForce;
  readonly height: number;
  readonly txIndex: number;
  readonly seq: number;
  readonly prev: number;
  readonly next: number;
}

/** A price level: first and last order of its FIFO, how many orders, their Wh. */
export interface LevelRecord {
  readonly head: number;
  readonly tail: number;
  readonly count: number;
  readonly wh: bigint;
}

/**
 * A book's price index: ladder keys in ascending order, split into chunks of at most
 * LADDER_CHUNK keys. `chunks` lists chunk numbers in key order; `bounds[i]` is the
 * smallest key chunk i+1 may hold (chunk 0 holds everything below bounds[0]).
 */
export interface LadderRecord {
  readonly bounds: readonly bigint[];
  readonly chunks: readonly number[];
  readonly nextChunk: number;
}

/** A non-empty book's region and its best ladder key (see ladderKey). */
export interface BookTop {
  readonly region: string;
  readonly best: bigint;
}

/** Which side an owner uses in a call auction, and how many orders it has there. */
export interface CallSideRecord {
  readonly side: Side;
  readonly count: number;
}

/** Counters: the next order id and arrival sequence number, and the last arrival seen. */
export interface MetaRecord {
  readonly nextId: number;
  readonly nextSeq: number;
  readonly height: number;
  readonly txIndex: number;
}

/**
 * A book is one side of one venue of one period in one region. Its key is also the
 * prefix of its levels' and chunks' keys.
 */
export function bookKey(period: number, venue: Venue, side: Side, region: string): string {
  return `${period}/${venue}/${side}/${region}`;
}

/**
 * The ladder key of a price: the ladder is ascending, best first, so a sell's key is its
 * price and a buy's is minus its price (the highest bid first).
 */
export function ladderKey(side: Side, price: bigint): bigint {
  return side === 'sell' ? price : -price;
}

/** The price a ladder key stands for. */
export function priceOfKey(side: Side, key: bigint): bigint {
  return side === 'sell' ? key : -key;
}
