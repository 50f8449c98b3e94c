import { addressFromBytes, addressToBytes } from '../../chain/address.ts';
import { toHex } from '../../chain/bytes.ts';
import { routeFee } from '../amounts.ts';
import type { Listing, ListingSide, ListingStatus, Trade, TradeSettlement } from '../types.ts';

/**
 * Plain objects the read-only queries return: addresses as tes1… strings, amounts as
 * bigint (the RPC's toJson prints them as decimal strings), nothing else to convert.
 */

/** An account given as a tes1… address or a 20-byte id. */
export type AccountRef = string | Uint8Array;

/** The 20-byte id of an account reference (throws AddressError for a bad address). */
export function accountId(ref: AccountRef): Uint8Array {
  return typeof ref === 'string' ? addressToBytes(ref) : ref;
}

/** A listing as queries show it. */
export interface ListingView {
  readonly id: number;
  readonly side: ListingSide;
  readonly owner: string;
  readonly period: number;
  readonly wh: bigint;
  readonly rest: bigint;
  readonly price: bigint;
  readonly region: string;
  readonly source: string;
  readonly carbon: number;
  readonly status: ListingStatus;
  readonly height: number;
  readonly txIndex: number;
}

/** The view of a listing record. */
export function listingView(l: Listing): ListingView {
  return { ...l, owner: addressFromBytes(l.owner) };
}

/** A trade as queries show it. */
export interface TradeView {
  readonly id: number;
  readonly period: number;
  readonly listing: number;
  readonly seller: string;
  readonly buyer: string;
  readonly wh: bigint;
  readonly curtailed: bigint;
  readonly price: bigint;
  readonly route: ReadonlyArray<{ readonly region: string; readonly stamp: bigint; readonly feeAccount: string }>;
  /** Transmission fee of the uncurtailed quantity (formula 1). */
  readonly fee: bigint;
  readonly escrow: bigint;
  readonly origin: number;
  readonly status: 'open' | 'settled';
  readonly settlement: TradeSettlement | null;
  readonly ratingByBuyer: number;
  readonly ratingBySeller: number;
  readonly height: number;
  readonly txIndex: number;
}

/** The view of a trade record. */
export function tradeView(t: Trade): TradeView {
  return {
    ...t,
    seller: addressFromBytes(t.seller),
    buyer: addressFromBytes(t.buyer),
    route: t.route.map((h) => ({ region: h.region, stamp: h.stamp, feeAccount: addressFromBytes(h.feeAccount) })),
    fee: routeFee(t.wh - t.curtailed, t.route),
    status: t.settlement ? 'settled' : 'open',
  };
}

/** Hex of a document hash, for views. */
export const hashHex = toHex;
