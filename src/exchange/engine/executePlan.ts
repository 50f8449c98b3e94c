import { appendOrder, readOrder, reduceOrder, removeOrder } from './bookQueue.ts';
import type { BookStore, OrderRecord } from './bookStore.ts';
import type { MatchPlan } from './planMatch.ts';
import type { BookFill, PlaceResult, RemovedOrder } from './types.ts';

/**
 * Carries out a match plan for an order that has its id and sequence number: fills and
 * removes the makers, removes the owner's own orders the plan reached, then rests the
 * order's remainder on the book when its time-in-force lets it rest (gtc, post-only), or
 * reports it cancelled (ioc; a fok reaching here fills completely).
 */
export function executePlan(store: BookStore, plan: MatchPlan, order: Omit<OrderRecord, 'prev' | 'next'>): PlaceResult {
  const fills: BookFill[] = [];
  for (const t of plan.takes) {
    // Re-read: earlier removals in this plan may have relinked the maker.
    const maker = readOrder(store, t.maker.id)!;
    if (t.wh === maker.rest) removeOrder(store, maker);
    else reduceOrder(store, maker, t.wh);
    const buy = order.side === 'buy' ? order : maker;
    const sell = order.side === 'buy' ? maker : order;
    fills.push({
      sell: sell.id,
      buy: buy.id,
      sellOwner: sell.owner,
      buyOwner: buy.owner,
      wh: t.wh,
      price: t.price,
      sellerRegion: sell.region,
      buyerRegion: buy.region,
      stampSum: t.stampSum,
      maker: maker.id,
      taker: order.id,
    });
  }
  const expired: RemovedOrder[] = [];
  for (const e of plan.expired) {
    const own = readOrder(store, e.id)!;
    removeOrder(store, own);
    expired.push(removedOrder(own));
  }
  const left = order.rest - plan.filled;
  const rests = left > 0n && (order.tif === 'gtc' || order.tif === 'post-only');
  if (rests) appendOrder(store, { ...order, rest: left });
  return { id: order.id, fills, rested: rests ? left : 0n, cancelled: rests ? 0n : left, expired };
}

/** How a removal reports an order. */
export function removedOrder(o: OrderRecord): RemovedOrder {
  return { id: o.id, owner: o.owner, side: o.side, region: o.region, price: o.price, rest: o.rest };
}
