import { bookKey, priceOfKey, type BookStore, type OrderRecord } from './bookStore.ts';
import { bookTops, readOrder, requireOrder } from './bookQueue.ts';
import { LadderCursor } from './ladder.ts';
import type { BookOrder, Side, Venue } from './types.ts';

/** One price level of a book, for depth views. */
export interface DepthLevel {
  readonly price: bigint;
  readonly wh: bigint;
  readonly orders: number;
}

/** A resting order by id (either venue), or undefined when none rests under that id. */
export function getOrder(store: BookStore, id: number): BookOrder | undefined {
  const o = readOrder(store, id);
  return o ? bookOrder(o) : undefined;
}

/**
 * The best `maxLevels` price levels of one book (a side of a venue of a period in one
 * region), best first: lowest asks, highest bids (a bid's price is its landed limit).
 * Reads two records per level.
 */
export function getDepth(store: BookStore, period: number, venue: Venue, side: Side, region: string, maxLevels: number): DepthLevel[] {
  const book = bookKey(period, venue, side, region);
  const out: DepthLevel[] = [];
  for (const cursor = new LadderCursor(store, book); cursor.key !== undefined && out.length < maxLevels; cursor.advance()) {
    const price = priceOfKey(side, cursor.key);
    const level = store.get('level', `${book}/${price}`);
    if (!level) throw new Error(`exchange store: level ${book}/${price} is in the ladder but missing`);
    out.push({ price, wh: level.wh, orders: level.count });
  }
  return out;
}

/** Every order of one book in priority order (price, then arrival). */
export function readBookSide(store: BookStore, period: number, venue: Venue, side: Side, region: string): BookOrder[] {
  const out: BookOrder[] = [];
  walkBook(store, bookKey(period, venue, side, region), side, (o) => out.push(bookOrder(o)));
  return out;
}

/**
 * Every order of a period's venue: buys then sells, regions in sorted order, each book
 * in priority order. Reads every order once; for tests, snapshots and closing a book.
 */
export function readBook(store: BookStore, period: number, venue: Venue): BookOrder[] {
  const out: BookOrder[] = [];
  for (const side of ['buy', 'sell'] as const) {
    for (const top of bookTops(store, period, venue, side)) out.push(...readBookSide(store, period, venue, side, top.region));
  }
  return out;
}

/** Calls `visit` on each order of a book in priority order; the store must not change meanwhile. */
export function walkBook(store: BookStore, book: string, side: Side, visit: (o: OrderRecord) => void): void {
  for (const cursor = new LadderCursor(store, book); cursor.key !== undefined; cursor.advance()) {
    const level = store.get('level', `${book}/${priceOfKey(side, cursor.key)}`);
    if (!level) throw new Error(`exchange store: a level of ${book} is in the ladder but missing`);
    for (let id = level.head; id !== 0; ) {
      const o = requireOrder(store, id);
      visit(o);
      id = o.next;
    }
  }
}

/** The public view of an order record (without its queue links). */
export function bookOrder(o: OrderRecord): BookOrder {
  return { id: o.id, period: o.period, venue: o.venue, side: o.side, owner: o.owner, region: o.region, price: o.price, rest: o.rest, tif: o.tif, height: o.height, txIndex: o.txIndex, seq: o.seq };
}
