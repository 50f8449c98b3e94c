import { encode, decodeTrusted } from '../../chain/codec.ts';
import { certListingKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Lifecycle of a certificate listing: open until picked out, cancelled, or revoked to nothing. */
export type CertListingStatus = 'open' | 'sold' | 'cancelled' | 'revoked';

/**
 * A certificate listing (one-way trading): a holder offers part of one lot at a price;
 * buyers pick from it. The volume leaves the lot's free part when listed and comes back
 * only by cancellation.
 */
export interface CertListing {
  readonly id: number;
  readonly seller: Uint8Array;
  readonly lot: number;
  /** Wh offered, and what is still unpicked. */
  readonly wh: bigint;
  readonly rest: bigint;
  /** µTES per kWh of certificate volume. */
  readonly price: bigint;
  readonly status: CertListingStatus;
  readonly height: number;
  readonly txIndex: number;
}

/** Canonical encoding of a certificate listing. */
export function encodeCertListing(l: CertListing): Uint8Array {
  return encode([l.id, l.seller, l.lot, l.wh, l.rest, l.price, l.status, l.height, l.txIndex]);
}

/** A certificate listing by id, if it exists. */
export function readCertListing(state: StateReader, id: number): CertListing | undefined {
  const raw = state.get(certListingKey(id));
  if (!raw) return undefined;
  const [lid, seller, lot, wh, rest, price, status, height, txIndex] = decodeTrusted(raw) as [number, Uint8Array, number, bigint, bigint, bigint, CertListingStatus, number, number];
  return { id: lid, seller, lot, wh, rest, price, status, height, txIndex };
}

/** Writes a certificate listing. */
export function writeCertListing(state: Overlay, l: CertListing): void {
  state.set(certListingKey(l.id), encodeCertListing(l));
}
