import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readTrade, writeTrade } from '../records/trade.ts';
import { addRating } from '../records/readings.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { readCreditRecord } from '../credit/record.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Rated } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.rate: rate the counterparty of a settled trade, 1–5. */
export const rateArgs = { trade: Field.u32, score: Field.u32 } as const;

/**
 * market.rate: after settlement, each party rates the other once per trade (1–5). The
 * rating is stored on the trade and added to the rated account's totals, and the rated
 * account's credit is recomputed.
 */
export function applyRate(state: Overlay, ctx: OpContext, args: ArgsOf<typeof rateArgs>): Record<string, never> {
  requireConfig(state);
  const id = args.trade;
  const score = args.score;
  const t = readTrade(state, id);
  if (!t) throw new MarketError('UNKNOWN_TRADE', `there is no trade ${id}`);
  const isBuyer = bytesEqual(t.buyer, ctx.sender);
  const isSeller = bytesEqual(t.seller, ctx.sender);
  if (!isBuyer && !isSeller) throw new MarketError('NOT_A_PARTY', `only the buyer or the seller of trade ${id} may rate it`);
  if (!t.settlement) throw new MarketError('NOT_SETTLED', `trade ${id} is not settled yet; ratings open after settlement of period ${t.period}`);
  if (score < 1 || score > 5) throw new MarketError('BAD_SCORE', `a rating is from 1 to 5, got ${score}`);
  // A party that is both (a self-trade cannot form, but be explicit) rates as the buyer.
  if (isBuyer) {
    if (t.ratingByBuyer !== 0) throw new MarketError('ALREADY_RATED', `you already rated trade ${id}`);
    writeTrade(state, { ...t, ratingByBuyer: score });
    addRating(state, t.seller, score);
  } else {
    if (t.ratingBySeller !== 0) throw new MarketError('ALREADY_RATED', `you already rated trade ${id}`);
    writeTrade(state, { ...t, ratingBySeller: score });
    addRating(state, t.buyer, score);
  }
  const rated = isBuyer ? t.seller : t.buyer;
  if (readCreditRecord(state, rated)) updateCredit(state, rated, creditNow(ctx, ctx.header), 'rated');
  ctx.emit(Rated, { trade: id, rated, score });
  return {};
}
