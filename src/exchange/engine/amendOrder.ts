import { checkArrival, takeArrival } from './arrivals.ts';
import { appendOrder, reduceOrder, removeOrder } from './bookQueue.ts';
import { ExchangeError } from './exchangeError.ts';
import { executePlan } from './executePlan.ts';
import { planMatch } from './planMatch.ts';
import { requireOwnOrder } from './ownOrder.ts';
import { validateArrival, validatePrice, validateQuantity } from './validate.ts';
import type { BookStore } from './bookStore.ts';
import type { AmendResult, Arrival, FeeSchedule } from './types.ts';

/** An amend: the order's new unfilled quantity and limit price, and when the amend arrived. */
export interface AmendInput {
  readonly id: number;
  readonly owner: string;
  /** The new unfilled quantity (Wh), at least 1; cancel to withdraw an order. */
  readonly wh: bigint;
  readonly price: bigint;
  readonly arrival: Arrival;
}

/**
 * Changes a resting order. Lowering only its quantity keeps its place in the queue.
 * Anything else (a new price, a larger quantity) is a cancel and a new arrival under the
 * same id and time-in-force: the order loses its place and, on the continuous book,
 * matches like an incoming order (a post-only one is refused if it would match, leaving
 * the original untouched). In a call auction the order just moves to the back.
 */
export function amendOrder(store: BookStore, fees: FeeSchedule, a: AmendInput): AmendResult {
  const order = requireOwnOrder(store, a.id, a.owner);
  validateQuantity(a.wh);
  validatePrice(a.price);
  validateArrival(a.arrival);
  const meta = checkArrival(store, a.arrival);
  if (a.price === order.price && a.wh === order.rest) {
    throw new ExchangeError('NOTHING_TO_AMEND', `order ${a.id} already has ${a.wh} Wh at ${a.price} µTES/kWh; give a new quantity or price`);
  }
  if (a.price === order.price && a.wh < order.rest) {
    reduceOrder(store, order, order.rest - a.wh);
    return { id: order.id, fills: [], rested: a.wh, cancelled: 0n, expired: [], keptPriority: true };
  }
  const plan = order.venue === 'c' ? planMatch(store, fees, { ...order, price: a.price }, a.wh) : undefined;
  if (plan && order.tif === 'post-only' && plan.crosses) {
    throw new ExchangeError('POST_ONLY_CROSSES', `post-only order ${a.id} at ${a.price} µTES/kWh would match the book at once; keep a price that does not cross`);
  }
  removeOrder(store, order);
  const { seq } = takeArrival(store, meta, a.arrival, false);
  const renewed = { ...order, price: a.price, rest: a.wh, height: a.arrival.height, txIndex: a.arrival.txIndex, seq };
  if (plan) return { ...executePlan(store, plan, renewed), keptPriority: false };
  appendOrder(store, renewed);
  return { id: order.id, fills: [], rested: a.wh, cancelled: 0n, expired: [], keptPriority: false };
}
