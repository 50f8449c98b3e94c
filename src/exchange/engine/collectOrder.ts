import { checkArrival, takeArrival } from './arrivals.ts';
import { appendOrder } from './bookQueue.ts';
import { checkCallSide, holdCallSide } from './callSide.ts';
import { validateOrderFields } from './validate.ts';
import type { BookStore } from './bookStore.ts';
import type { CallOrderInput, FeeSchedule } from './types.ts';

/**
 * Adds an order to a period's call auction. Nothing matches until clearCallAuction; the
 * order waits on the period's auction book (venue `a`), where it can be cancelled or
 * amended like a continuous order. An owner may trade one side only in one auction.
 */
export function collectOrder(store: BookStore, fees: FeeSchedule, input: CallOrderInput): { readonly id: number } {
  validateOrderFields(input, fees);
  checkCallSide(store, input.period, input.owner, input.side);
  const meta = checkArrival(store, input.arrival);
  const { id, seq } = takeArrival(store, meta, input.arrival, true);
  appendOrder(store, {
    id,
    period: input.period,
    venue: 'a',
    side: input.side,
    owner: input.owner,
    region: input.region,
    price: input.price,
    rest: input.wh,
    tif: 'gtc',
    height: input.arrival.height,
    txIndex: input.arrival.txIndex,
    seq,
  });
  holdCallSide(store, input.period, input.owner, input.side);
  return { id };
}
