import { addressFromBytes } from '../chain/address.ts';
import { bytesEqual } from '../chain/bytes.ts';
import { getRoles } from '../chain/state/accounts.ts';
import { CertError } from './certError.ts';
import { readLot, type Lot } from './records/lot.ts';
import { readCertListing, type CertListing } from './records/listing.ts';
import type { StateReader } from '../chain/state/stateReader.ts';

/** Largest volume of one listing, pick, claim, revocation or quota (1 TWh, as the market's). */
export const MAX_CERT_WH = 1_000_000_000_000n;
/** Largest certificate price, µTES/kWh (as the market's largest price). */
export const MAX_CERT_PRICE = 1_000_000_000_000n;

/** The sender must hold the genesis regulator role. */
export function requireRegulator(state: StateReader, id: Uint8Array, what: string): void {
  if (!getRoles(state, id).includes('regulator')) {
    throw new CertError('NOT_AUTHORIZED', `${what} is the regulator's; ${addressFromBytes(id)} does not hold the genesis 'regulator' role`);
  }
}

/** A volume in 1..MAX_CERT_WH. */
export function requireVolume(wh: bigint, what: string): void {
  if (wh < 1n || wh > MAX_CERT_WH) throw new CertError('BAD_AMOUNT', `${what} must be from 1 to ${MAX_CERT_WH} Wh, got ${wh}`);
}

/** A lot that exists. */
export function requireLot(state: StateReader, id: number): Lot {
  const l = readLot(state, id);
  if (!l) throw new CertError('UNKNOWN_LOT', `there is no certificate lot ${id}; see your lots with \`tesnode cert lots --owner NAME\``);
  return l;
}

/** A lot the account holds. */
export function requireHeldLot(state: StateReader, id: number, holder: Uint8Array): Lot {
  const l = requireLot(state, id);
  if (!bytesEqual(l.owner, holder)) throw new CertError('NOT_HOLDER', `lot ${id} is held by ${addressFromBytes(l.owner)}, not by ${addressFromBytes(holder)}; certificates move only by listing and picking`);
  return l;
}

/** A certificate listing that exists. */
export function requireCertListing(state: StateReader, id: number): CertListing {
  const l = readCertListing(state, id);
  if (!l) throw new CertError('UNKNOWN_LISTING', `there is no certificate listing ${id}; see \`tesnode cert listings\``);
  return l;
}

/** How a lot's volume is split, for messages. */
export function describeLot(l: Lot): string {
  return `lot ${l.id} holds ${l.free} Wh free (${l.listed} listed, ${l.sold} sold on, ${l.claimed} claimed, ${l.revoked} revoked, of ${l.wh} Wh)`;
}
