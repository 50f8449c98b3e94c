import { readOrder } from './bookQueue.ts';
import { ExchangeError } from './exchangeError.ts';
import type { BookStore, OrderRecord } from './bookStore.ts';

/** The resting order `id`, which `owner` must own (UNKNOWN_ORDER, NOT_OWNER). */
export function requireOwnOrder(store: BookStore, id: number, owner: string): OrderRecord {
  const order = Number.isInteger(id) && id > 0 ? readOrder(store, id) : undefined;
  if (!order) throw new ExchangeError('UNKNOWN_ORDER', `no order ${String(id)} rests on a book (it filled, was cancelled, or never existed); check the id`);
  if (order.owner !== owner) throw new ExchangeError('NOT_OWNER', `order ${id} belongs to ${order.owner}; only its owner may change it`);
  return order;
}
