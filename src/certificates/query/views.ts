import { addressFromBytes } from '../../chain/address.ts';
import { readLot } from '../records/lot.ts';
import type { Lot } from '../records/lot.ts';
import type { CertListing } from '../records/listing.ts';
import type { Claim } from '../records/claim.ts';
import type { Revocation } from '../records/revocation.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * Plain objects the certificate queries return: addresses as tes1… strings, volumes and
 * amounts as bigint (the RPC prints them as decimal strings).
 */

/** A lot as queries show it. */
export interface LotView {
  readonly id: number;
  readonly owner: string;
  readonly generator: string;
  readonly source: string;
  readonly region: string;
  readonly carbon: number;
  /** Generation (delivery) period, and the compliance period it counts toward. */
  readonly period: number;
  readonly compliancePeriod: number;
  readonly wh: bigint;
  readonly free: bigint;
  readonly listed: bigint;
  readonly sold: bigint;
  readonly claimed: bigint;
  readonly revoked: bigint;
  readonly parent: number;
  readonly root: number;
  readonly height: number;
  readonly listings: readonly number[];
}

/** The view of a lot. */
export function lotView(l: Lot, compliancePeriods: number): LotView {
  return { ...l, owner: addressFromBytes(l.owner), generator: addressFromBytes(l.generator), compliancePeriod: Math.floor(l.period / compliancePeriods) };
}

/** A certificate listing as queries show it, with the origin of its lot. */
export interface CertListingView {
  readonly id: number;
  readonly seller: string;
  readonly lot: number;
  readonly wh: bigint;
  readonly rest: bigint;
  readonly price: bigint;
  readonly status: string;
  readonly height: number;
  readonly generator: string;
  readonly source: string;
  readonly region: string;
  readonly carbon: number;
  readonly period: number;
}

/** The view of a certificate listing. */
export function certListingView(state: StateReader, l: CertListing): CertListingView {
  const lot = readLot(state, l.lot)!;
  return {
    id: l.id, seller: addressFromBytes(l.seller), lot: l.lot, wh: l.wh, rest: l.rest, price: l.price, status: l.status, height: l.height,
    generator: addressFromBytes(lot.generator), source: lot.source, region: lot.region, carbon: lot.carbon, period: lot.period,
  };
}

/** A claim as queries show it. */
export interface ClaimView {
  readonly id: number;
  readonly claimant: string;
  readonly beneficiary: string;
  readonly period: number;
  readonly wh: bigint;
  readonly lots: ReadonlyArray<{ readonly lot: number; readonly wh: bigint; readonly period: number }>;
  readonly height: number;
}

/** The view of a claim. */
export function claimView(c: Claim): ClaimView {
  return { id: c.id, claimant: addressFromBytes(c.claimant), beneficiary: c.beneficiary, period: c.period, wh: c.wh, lots: c.lots, height: c.height };
}

/** A revocation as queries show it. */
export interface RevocationView {
  readonly id: number;
  readonly lot: number;
  readonly wh: bigint;
  readonly fromListings: bigint;
  readonly reason: string;
  readonly regulator: string;
  readonly height: number;
}

/** The view of a revocation. */
export function revocationView(r: Revocation): RevocationView {
  return { ...r, regulator: addressFromBytes(r.regulator) };
}
