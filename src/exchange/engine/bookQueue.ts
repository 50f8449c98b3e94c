import { bookKey, ladderKey, type BookStore, type BookTop, type OrderRecord } from './bookStore.ts';
import { ladderInsert, ladderRemove, type FirstChange } from './ladder.ts';
import type { Side, Venue } from './types.ts';

/**
 * Orders in and out of a book: each price level is a FIFO linked through the order
 * records (`prev`/`next`), with the level record holding its head, tail, count and Wh.
 * Appending, removing any order and reducing one each touch a constant number of
 * records, plus the ladder when a level appears or empties, plus the period's list of
 * book tops when a book's best price changes.
 */

/** The resting order with this id, or undefined. */
export function readOrder(store: BookStore, id: number): OrderRecord | undefined {
  return store.get('order', String(id));
}

/** Puts an order at the tail of its price level (creating the level if needed). */
export function appendOrder(store: BookStore, order: Omit<OrderRecord, 'prev' | 'next'>): void {
  const book = bookKey(order.period, order.venue, order.side, order.region);
  const levelKey = `${book}/${order.price}`;
  const level = store.get('level', levelKey);
  if (level) {
    const tail = requireOrder(store, level.tail);
    store.set('order', String(tail.id), { ...tail, next: order.id });
    store.set('order', String(order.id), orderRecord(order, tail.id, 0));
    store.set('level', levelKey, { head: level.head, tail: order.id, count: level.count + 1, wh: level.wh + order.rest });
    return;
  }
  store.set('order', String(order.id), orderRecord(order, 0, 0));
  store.set('level', levelKey, { head: order.id, tail: order.id, count: 1, wh: order.rest });
  setTop(store, order, ladderInsert(store, book, ladderKey(order.side, order.price)));
}

/** Takes an order off its book, wherever it is in its level's FIFO. */
export function removeOrder(store: BookStore, order: OrderRecord): void {
  const book = bookKey(order.period, order.venue, order.side, order.region);
  const levelKey = `${book}/${order.price}`;
  const level = store.get('level', levelKey);
  if (!level) throw new Error(`exchange store: level ${levelKey} of order ${order.id} is missing`);
  store.delete('order', String(order.id));
  if (level.count === 1) {
    store.delete('level', levelKey);
    setTop(store, order, ladderRemove(store, book, ladderKey(order.side, order.price)));
    return;
  }
  if (order.prev !== 0) {
    const prev = requireOrder(store, order.prev);
    store.set('order', String(prev.id), { ...prev, next: order.next });
  }
  if (order.next !== 0) {
    const next = requireOrder(store, order.next);
    store.set('order', String(next.id), { ...next, prev: order.prev });
  }
  store.set('level', levelKey, {
    head: order.prev === 0 ? order.next : level.head,
    tail: order.next === 0 ? order.prev : level.tail,
    count: level.count - 1,
    wh: level.wh - order.rest,
  });
}

/** Lowers a resting order's Wh by `by` (less than its rest), keeping its place. */
export function reduceOrder(store: BookStore, order: OrderRecord, by: bigint): void {
  const levelKey = `${bookKey(order.period, order.venue, order.side, order.region)}/${order.price}`;
  const level = store.get('level', levelKey);
  if (!level) throw new Error(`exchange store: level ${levelKey} of order ${order.id} is missing`);
  store.set('order', String(order.id), { ...order, rest: order.rest - by });
  store.set('level', levelKey, { ...level, wh: level.wh - by });
}

/** The non-empty books of this period, venue and side: region and best ladder key, by region. */
export function bookTops(store: BookStore, period: number, venue: Venue, side: Side): readonly BookTop[] {
  return store.get('tops', `${period}/${venue}/${side}`) ?? [];
}

/** Records a change of a book's best ladder key (null: the book emptied). */
function setTop(store: BookStore, o: OrderRecord | Omit<OrderRecord, 'prev' | 'next'>, change: FirstChange): void {
  if (change === undefined) return;
  const key = `${o.period}/${o.venue}/${o.side}`;
  const tops = (store.get('tops', key) ?? []).filter((t) => t.region !== o.region);
  if (change !== null) {
    let at = 0;
    while (at < tops.length && tops[at]!.region < o.region) at++;
    tops.splice(at, 0, { region: o.region, best: change });
  }
  if (tops.length === 0) store.delete('tops', key);
  else store.set('tops', key, tops);
}

/** An order record with its fields in the one order the store always sees. */
function orderRecord(o: Omit<OrderRecord, 'prev' | 'next'>, prev: number, next: number): OrderRecord {
  return {
    id: o.id,
    period: o.period,
    venue: o.venue,
    side: o.side,
    owner: o.owner,
    region: o.region,
    price: o.price,
    rest: o.rest,
    tif: o.tif,
    height: o.height,
    txIndex: o.txIndex,
    seq: o.seq,
    prev,
    next,
  };
}

/** Reads an order that a link points to; a missing one means the store is corrupt. */
export function requireOrder(store: BookStore, id: number): OrderRecord {
  const o = readOrder(store, id);
  if (!o) throw new Error(`exchange store: order ${id} is linked from a level but missing`);
  return o;
}
