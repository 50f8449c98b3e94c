import { readOrder, removeOrder } from './bookQueue.ts';
import { releaseCallSide } from './callSide.ts';
import { removedOrder } from './executePlan.ts';
import { readBook } from './queries.ts';
import type { BookStore } from './bookStore.ts';
import type { RemovedOrder, Venue } from './types.ts';

/**
 * Removes every order of a period's venue (at gate closure, or a call auction that is
 * called off), in arrival order, and reports them so their reservations can be released.
 */
export function closeBook(store: BookStore, period: number, venue: Venue): RemovedOrder[] {
  const orders = readBook(store, period, venue).sort((a, b) => a.seq - b.seq);
  const out: RemovedOrder[] = [];
  for (const o of orders) {
    const rec = readOrder(store, o.id)!;
    removeOrder(store, rec);
    if (venue === 'a') releaseCallSide(store, period, rec.owner, 1);
    out.push(removedOrder(rec));
  }
  return out;
}
