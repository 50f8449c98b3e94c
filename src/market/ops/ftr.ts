import { MarketError } from '../marketError.ts';
import { requireConfig, readNetwork } from '../records/config.ts';
import { readFtr, writeFtr } from '../records/readings.ts';
import { payFromFtrPool, payIntoFtrPool, requireFunds } from '../records/ledger.ts';
import { MAX_PRICE, MAX_WH, requireAmount, requireApproved, requireRegion, requireSide, requireTradablePeriod } from '../checks.ts';
import { energyCost } from '../amounts.ts';
import { findRoute } from '../routing.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { FtrBought } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';
import type { Trade } from '../types.ts';

/** Arguments of market.ftr: buy a financial transmission right for route from→to in a period. */
export const buyFtrArgs = { from: Field.text(16), to: Field.text(16), period: Field.u32, wh: Field.amount, rate: Field.amount } as const;

/**
 * market.ftr: a buyer buys a financial transmission right for the route from region
 * `from` (the seller's end) to `to` (its own end) in period k, before gate closure:
 * compensation `rate` µTES/kWh for up to `wh` Wh of its trades there that dispatch
 * curtails. The premium, ftrPremiumPercent of the most it can pay out
 * (floor(floor(wh·rate/1000)·percent/100)), goes into the FTR pool, which pays the
 * compensations. One right per buyer, period and route.
 */
export function applyBuyFtr(state: Overlay, ctx: OpContext, args: ArgsOf<typeof buyFtrArgs>): { premium: bigint } {
  const cfg = requireConfig(state);
  const from = args.from;
  const to = args.to;
  const period = args.period;
  const wh = args.wh;
  const rate = args.rate;
  const buyer = requireApproved(state, ctx.sender);
  requireSide(ctx.sender, buyer, 'buy', 'a financial transmission right');
  requireTradablePeriod(state, ctx, cfg, period, 'buying a transmission right');
  requireAmount(wh, MAX_WH, 'the covered quantity (Wh)');
  requireAmount(rate, MAX_PRICE, 'the compensation rate (µTES/kWh)');
  const net = readNetwork(state);
  requireRegion(net, from);
  requireRegion(net, to);
  if (!findRoute(net, from, to)) throw new MarketError('NO_ROUTE', `no path of linked regions leads from '${from}' to '${to}'`);
  if (readFtr(state, ctx.sender, period, from, to)) {
    throw new MarketError('FTR_EXISTS', `this account already holds a transmission right for ${from}→${to} in period ${period}; one per route and period`);
  }
  const premium = (energyCost(wh, rate) * BigInt(cfg.ftrPremiumPercent)) / 100n;
  requireFunds(state, ctx.sender, premium, `the FTR premium`);
  payIntoFtrPool(state, ctx.sender, premium);
  writeFtr(state, ctx.sender, period, from, to, { wh, rate, premium, paid: 0n });
  ctx.emit(FtrBought, { period, from, to, wh, rate, premium });
  return { premium };
}

/**
 * Pays a curtailed trade's buyer from its FTR on the trade's route (first region to last)
 * and period: floor(min(cut, cover left)·rate / 1000), as far as the pool holds it.
 * Returns what was paid.
 */
export function payFtr(state: Overlay, t: Trade, cut: bigint): bigint {
  const from = t.route[0]!.region;
  const to = t.route[t.route.length - 1]!.region;
  const f = readFtr(state, t.buyer, t.period, from, to);
  if (!f || f.wh === 0n) return 0n;
  const covered = cut < f.wh ? cut : f.wh;
  const paid = payFromFtrPool(state, t.buyer, energyCost(covered, f.rate));
  writeFtr(state, t.buyer, t.period, from, to, { ...f, wh: f.wh - covered, paid: f.paid + paid });
  return paid;
}
