import { checkArrival, takeArrival } from './arrivals.ts';
import { ExchangeError } from './exchangeError.ts';
import { executePlan } from './executePlan.ts';
import { planMatch } from './planMatch.ts';
import { validateOrderFields, validateTif } from './validate.ts';
import type { BookStore } from './bookStore.ts';
import type { FeeSchedule, OrderInput, PlaceResult } from './types.ts';

/**
 * Places an order on a period's continuous book: matches it against the resting orders
 * of the other side (see planMatch for the ranking and prices), then rests, cancels or
 * refuses what is left according to its time-in-force. A post-only order that would
 * match at once is refused (POST_ONLY_CROSSES), and so is a fok that cannot fill
 * completely (FOK_UNFILLABLE); a refused order changes nothing and takes no id.
 */
export function placeOrder(store: BookStore, fees: FeeSchedule, input: OrderInput): PlaceResult {
  validateOrderFields(input, fees);
  validateTif(input.tif);
  const meta = checkArrival(store, input.arrival);
  const plan = planMatch(store, fees, input, input.wh);
  if (input.tif === 'post-only' && plan.crosses) {
    throw new ExchangeError('POST_ONLY_CROSSES', `a post-only ${input.side} at ${input.price} µTES/kWh would match the book at once; lower the bid or raise the ask, or drop post-only`);
  }
  if (input.tif === 'fok' && plan.filled < input.wh) {
    throw new ExchangeError('FOK_UNFILLABLE', `only ${plan.filled} of ${input.wh} Wh can fill at once at ${input.price} µTES/kWh; use ioc to take what there is, or change the limit`);
  }
  const { id, seq } = takeArrival(store, meta, input.arrival, true);
  return executePlan(store, plan, {
    id,
    period: input.period,
    venue: 'c',
    side: input.side,
    owner: input.owner,
    region: input.region,
    price: input.price,
    rest: input.wh,
    tif: input.tif,
    height: input.arrival.height,
    txIndex: input.arrival.txIndex,
    seq,
  });
}
