import { AuctionBook } from './auctionBook.ts';
import { allocate } from './allocate.ts';
import { findClearing } from './clearingPrice.ts';
import { closeBook } from '../closeBook.ts';
import { readBook } from '../queries.ts';
import { validatePeriod, validatePrice } from '../validate.ts';
import type { BookStore } from '../bookStore.ts';
import type { AuctionResult, FeeSchedule, Fill, RemovedOrder } from '../types.ts';

/**
 * Clears a period's call auction once: finds the uniform energy price (findClearing),
 * allocates the Wh that match there (allocate), and empties the auction book. Every
 * fill is at that price; a buy in region b pays it plus the stamp sum of its route, which
 * never exceeds its landed limit. Orders with Wh left over are reported as unfilled.
 * `previousPrice` is the last clearing price (null if none), used only to break ties.
 */
export function clearCallAuction(store: BookStore, fees: FeeSchedule, args: { readonly period: number; readonly previousPrice: bigint | null }): AuctionResult {
  validatePeriod(args.period);
  if (args.previousPrice !== null) validatePrice(args.previousPrice);
  const book = new AuctionBook(readBook(store, args.period, 'a'), fees);
  const clearing = findClearing(book, args.previousPrice);
  const fills: Fill[] = clearing ? allocate(book, clearing.price, clearing.volume) : [];
  const filled = new Map<number, bigint>();
  for (const f of fills) {
    filled.set(f.sell, (filled.get(f.sell) ?? 0n) + f.wh);
    filled.set(f.buy, (filled.get(f.buy) ?? 0n) + f.wh);
  }
  const unfilled: RemovedOrder[] = [];
  for (const o of closeBook(store, args.period, 'a')) {
    const left = o.rest - (filled.get(o.id) ?? 0n);
    if (left > 0n) unfilled.push({ ...o, rest: left });
  }
  return { price: clearing?.price ?? null, volume: clearing?.volume ?? 0n, fills, unfilled };
}
