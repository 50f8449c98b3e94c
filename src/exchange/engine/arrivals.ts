import { ExchangeError } from './exchangeError.ts';
import type { BookStore, MetaRecord } from './bookStore.ts';
import type { Arrival } from './types.ts';

const EMPTY: MetaRecord = { nextId: 1, nextSeq: 1, height: 0, txIndex: 0 };

/**
 * Order ids and time priority. Ids count up from 1 and are never reused; every arrival
 * (a new order, or an amend that loses its place) takes the next sequence number, and
 * sequence order is time priority. Arrivals must not go back in (height, txIndex), so
 * sequence order is also arrival order.
 */

/** The counters, after checking that `arrival` is not earlier than the last one (ARRIVAL_ORDER). */
export function checkArrival(store: BookStore, arrival: Arrival): MetaRecord {
  const meta = store.get('meta', '') ?? EMPTY;
  if (arrival.height < meta.height || (arrival.height === meta.height && arrival.txIndex < meta.txIndex)) {
    throw new ExchangeError('ARRIVAL_ORDER', `arrival (${arrival.height}, ${arrival.txIndex}) is before the last one (${meta.height}, ${meta.txIndex}); apply orders in block order`);
  }
  return meta;
}

/** Takes the next sequence number, and an id too when `newOrder`; records the arrival. */
export function takeArrival(store: BookStore, meta: MetaRecord, arrival: Arrival, newOrder: boolean): { id: number; seq: number } {
  const id = meta.nextId;
  store.set('meta', '', { nextId: newOrder ? id + 1 : id, nextSeq: meta.nextSeq + 1, height: arrival.height, txIndex: arrival.txIndex });
  return { id, seq: meta.nextSeq };
}
