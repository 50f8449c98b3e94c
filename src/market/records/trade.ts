import { encode, decodeTrusted, type Encodable } from '../../chain/codec.ts';
import { tradeKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { RouteHop, Trade, TradeSettlement } from '../types.ts';

function settlementArray(s: TradeSettlement | null): Encodable {
  if (!s) return null;
  return [s.executedWh, s.energy, s.fee, s.refund, s.buyerMeteredWh, s.sellerMeteredWh, s.buyerDeviation, s.sellerDeviation, s.fromBond, s.unpaid];
}

/** Canonical encoding of a trade record. */
export function encodeTrade(t: Trade): Uint8Array {
  return encode([
    t.id, t.period, t.listing, t.seller, t.buyer, t.wh, t.curtailed, t.price,
    t.route.map((h) => [h.region, h.stamp, h.feeAccount]), t.escrow, t.origin, t.height, t.txIndex,
    settlementArray(t.settlement), t.ratingByBuyer, t.ratingBySeller,
  ]);
}

/** Decodes a trade record from the state. */
export function decodeTrade(raw: Uint8Array): Trade {
  const a = decodeTrusted(raw) as unknown[];
  const route = (a[8] as Array<[string, bigint, Uint8Array]>).map(([region, stamp, feeAccount]): RouteHop => ({ region, stamp, feeAccount }));
  const s = a[13] as bigint[] | null;
  const settlement: TradeSettlement | null = s
    ? {
        executedWh: s[0]!, energy: s[1]!, fee: s[2]!, refund: s[3]!, buyerMeteredWh: s[4]!, sellerMeteredWh: s[5]!,
        buyerDeviation: s[6]!, sellerDeviation: s[7]!, fromBond: s[8]!, unpaid: s[9]!,
      }
    : null;
  return {
    id: a[0] as number, period: a[1] as number, listing: a[2] as number, seller: a[3] as Uint8Array, buyer: a[4] as Uint8Array,
    wh: a[5] as bigint, curtailed: a[6] as bigint, price: a[7] as bigint, route, escrow: a[9] as bigint, origin: a[10] as number,
    height: a[11] as number, txIndex: a[12] as number, settlement, ratingByBuyer: a[14] as number, ratingBySeller: a[15] as number,
  };
}

/** A trade by id, if it exists. */
export function readTrade(state: StateReader, id: number): Trade | undefined {
  const raw = state.get(tradeKey(id));
  return raw ? decodeTrade(raw) : undefined;
}

/** Writes a trade record. */
export function writeTrade(state: Overlay, t: Trade): void {
  state.set(tradeKey(t.id), encodeTrade(t));
}
