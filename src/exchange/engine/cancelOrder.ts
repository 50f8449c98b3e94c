import { removeOrder } from './bookQueue.ts';
import { removedOrder } from './executePlan.ts';
import { releaseCallSide } from './callSide.ts';
import { requireOwnOrder } from './ownOrder.ts';
import type { BookStore } from './bookStore.ts';
import type { RemovedOrder } from './types.ts';

/** Takes an owner's resting order off its book (either venue); reports the Wh it still had. */
export function cancelOrder(store: BookStore, args: { readonly id: number; readonly owner: string }): RemovedOrder {
  const order = requireOwnOrder(store, args.id, args.owner);
  removeOrder(store, order);
  if (order.venue === 'a') releaseCallSide(store, order.period, order.owner, 1);
  return removedOrder(order);
}
