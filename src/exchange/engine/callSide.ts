import { ExchangeError } from './exchangeError.ts';
import type { BookStore } from './bookStore.ts';
import type { Side } from './types.ts';

/**
 * An owner trades one side only in a period's call auction, so the auction, which pairs
 * orders by region rather than by owner, can never pair an owner with itself.
 */

/** Throws CALL_SIDE_CONFLICT when the owner already has orders on the other side. */
export function checkCallSide(store: BookStore, period: number, owner: string, side: Side): void {
  const rec = store.get('callSide', `${period}/${owner}`);
  if (rec && rec.side !== side) {
    throw new ExchangeError('CALL_SIDE_CONFLICT', `${owner} already has ${rec.side} orders in period ${period}'s call auction; cancel them before placing a ${side}`);
  }
}

/** Counts one more call-auction order of the owner on `side`. */
export function holdCallSide(store: BookStore, period: number, owner: string, side: Side): void {
  const key = `${period}/${owner}`;
  const rec = store.get('callSide', key);
  store.set('callSide', key, { side, count: (rec?.count ?? 0) + 1 });
}

/** Counts `n` fewer call-auction orders of the owner; forgets the side at zero. */
export function releaseCallSide(store: BookStore, period: number, owner: string, n: number): void {
  const key = `${period}/${owner}`;
  const rec = store.get('callSide', key);
  if (!rec || rec.count < n) throw new Error(`exchange store: call side record ${key} is missing or short`);
  if (rec.count === n) store.delete('callSide', key);
  else store.set('callSide', key, { side: rec.side, count: rec.count - n });
}
