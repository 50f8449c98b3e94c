import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { isListingOpen, readListing } from '../records/listing.ts';
import { requireApproved, requireBeforeGate, requireBond, requireSide } from '../checks.ts';
import { formTrade } from './formTrade.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { readParticipant } from '../records/participant.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.pick: pick `wh` of a listing. */
export const pickArgs = { listing: Field.u32, wh: Field.amount } as const;

/**
 * market.pick (摘牌): takes `wh` of a listing's unpicked rest at its price, before gate
 * closure. A buyer picks sell-listings, a seller picks buy-listings; either way the
 * buyer's side pays energy + transmission fee into escrow as the trade forms. The
 * seller's region is the sell-listing's (or the picking seller's home region); the
 * buyer's is the buy-listing's (or the picking buyer's home region).
 */
export function applyPick(state: Overlay, ctx: OpContext, args: ArgsOf<typeof pickArgs>): { trade: number; escrow: bigint } {
  const cfg = requireConfig(state);
  const id = args.listing;
  const wh = args.wh;
  const l = readListing(state, id);
  if (!l) throw new MarketError('UNKNOWN_LISTING', `there is no listing ${id}; check the id with market book`);
  const picker = requireApproved(state, ctx.sender);
  if (bytesEqual(l.owner, ctx.sender)) throw new MarketError('OWN_LISTING', `listing ${id} is your own; pick another participant's listing`);
  const pickerSide = l.side === 'sell' ? 'buy' : 'sell';
  requireSide(ctx.sender, picker, pickerSide, `picking a ${l.side}-listing`);
  requireBond(state, cfg, ctx.sender);
  requireBeforeGate(state, ctx, cfg, l.period, 'picking');
  if (!isListingOpen(l)) throw new MarketError('LISTING_CLOSED', `listing ${id} is ${l.status === 'open' ? 'fully picked' : l.status}; pick another one`);
  // The owner of a listing may have been forced out since it listed: its rest is frozen.
  if (readParticipant(state, l.owner)?.status !== 'approved') throw new MarketError('LISTING_CLOSED', `listing ${id}'s owner is leaving the market; pick another listing`);
  if (wh < 1n) throw new MarketError('BAD_AMOUNT', 'a pick takes at least 1 Wh');
  if (wh > l.rest) throw new MarketError('OVER_PICK', `listing ${id} has ${l.rest} Wh left; pick at most that`);
  const sell = l.side === 'sell';
  const trade = formTrade(state, ctx, {
    listing: l,
    seller: sell ? l.owner : ctx.sender,
    buyer: sell ? ctx.sender : l.owner,
    sellerRegion: sell ? l.region : picker.region,
    buyerRegion: sell ? picker.region : l.region,
    wh,
    origin: 0,
  });
  return { trade: trade.id, escrow: trade.escrow };
}
