import { MarketError } from '../marketError.ts';
import { requireConfig, readNetwork } from '../records/config.ts';
import { writeListing } from '../records/listing.ts';
import { addOpen } from '../records/participant.ts';
import { appendToList } from '../records/lists.ts';
import { addPendingPeriod, nextListingId } from '../records/counters.ts';
import { requireFunds } from '../records/ledger.ts';
import { MAX_PRICE, MAX_WH, requireAmount, requireRegion, requireTradablePeriod, requireTrader } from '../checks.ts';
import { energyCost } from '../amounts.ts';
import { accountListingsBase, periodListingsBase } from '../keys.ts';
import { ENERGY_SOURCES, type ListingSide } from '../types.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Listed } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Highest carbon intensity a sell-listing may state (limits.ts). */
export { MAX_CARBON } from '../limits.ts';
import { MAX_CARBON } from '../limits.ts';

/** Arguments of market.list: post a sell- or buy-listing for a period. */
export const listArgs = { side: Field.text(4), period: Field.u32, wh: Field.amount, price: Field.amount, region: Field.text(16), source: Field.text(16), carbon: Field.u32 } as const;

/**
 * market.list: posts a sell-listing (a seller's quantity and price for period k; buyers
 * pick) or a buy-listing (a buyer's; sellers pick). Recorded in order of arrival with the
 * next listing id. A sell-listing names its energy source and carbon intensity; a
 * buy-listing leaves them '' and 0, and its buyer must hold the energy value now (the
 * escrow itself is taken when a seller picks).
 */
export function applyList(state: Overlay, ctx: OpContext, args: ArgsOf<typeof listArgs>): { listing: number } {
  const cfg = requireConfig(state);
  const side = args.side;
  if (side !== 'sell' && side !== 'buy') throw new MarketError('BAD_LISTING', `side must be 'sell' or 'buy', got '${side}'`);
  const period = args.period;
  const wh = args.wh;
  const price = args.price;
  const region = args.region;
  const source = args.source;
  const carbon = args.carbon;
  requireTrader(state, cfg, ctx.sender, side as ListingSide, `a ${side}-listing`);
  requireTradablePeriod(state, ctx, cfg, period, 'listing');
  requireAmount(wh, MAX_WH, 'the listed quantity (Wh)');
  requireAmount(price, MAX_PRICE, 'the price (µTES/kWh)');
  requireRegion(readNetwork(state), region);
  if (side === 'sell') {
    if (!(ENERGY_SOURCES as readonly string[]).includes(source)) {
      throw new MarketError('BAD_LISTING', `a sell-listing names its energy source, one of ${ENERGY_SOURCES.join(', ')}; got '${source}'`);
    }
    if (carbon > MAX_CARBON) throw new MarketError('BAD_LISTING', `carbon intensity must be at most ${MAX_CARBON} g CO2/kWh, got ${carbon}`);
  } else {
    if (source !== '' || carbon !== 0) throw new MarketError('BAD_LISTING', "a buy-listing leaves source '' and carbon 0");
    requireFunds(state, ctx.sender, energyCost(wh, price), `a buy-listing of ${wh} Wh at ${price} µTES/kWh`);
  }
  const id = nextListingId(state);
  writeListing(state, {
    id, side, owner: ctx.sender, period, wh, rest: wh, price, region, source, carbon,
    status: 'open', height: ctx.header.height, txIndex: ctx.txIndex,
  });
  appendToList(state, periodListingsBase(period), id);
  appendToList(state, accountListingsBase(ctx.sender), id);
  addPendingPeriod(state, period);
  addOpen(state, ctx.sender, 1);
  ctx.emit(Listed, { listing: id, side, period, wh, price });
  return { listing: id };
}
