import { encode, decodeTrusted } from '../../chain/codec.ts';
import { listingKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Listing, ListingSide, ListingStatus } from '../types.ts';

/** Canonical encoding of a listing record. */
export function encodeListing(l: Listing): Uint8Array {
  return encode([l.id, l.side, l.owner, l.period, l.wh, l.rest, l.price, l.region, l.source, l.carbon, l.status, l.height, l.txIndex]);
}

/** Decodes a listing record from the state. */
export function decodeListing(raw: Uint8Array): Listing {
  const [id, side, owner, period, wh, rest, price, region, source, carbon, status, height, txIndex] = decodeTrusted(raw) as [
    number, ListingSide, Uint8Array, number, bigint, bigint, bigint, string, string, number, ListingStatus, number, number,
  ];
  return { id, side, owner, period, wh, rest, price, region, source, carbon, status, height, txIndex };
}

/** A listing by id, if it exists. */
export function readListing(state: StateReader, id: number): Listing | undefined {
  const raw = state.get(listingKey(id));
  return raw ? decodeListing(raw) : undefined;
}

/** Writes a listing record. */
export function writeListing(state: Overlay, l: Listing): void {
  state.set(listingKey(l.id), encodeListing(l));
}

/** True while a listing can still be picked (or take a contract transfer). */
export function isListingOpen(l: Listing): boolean {
  return l.status === 'open' && l.rest > 0n;
}
