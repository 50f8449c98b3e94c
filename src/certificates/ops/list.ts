import { addressFromBytes } from '../../chain/address.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { requireApproved } from '../../market/checks.ts';
import { readParticipant } from '../../market/records/participant.ts';
import { appendToList, getListLength } from '../../market/records/lists.ts';
import { CertError } from '../certError.ts';
import { isRenewable, requireCertConfig, type CertConfig } from '../config.ts';
import { MAX_CERT_PRICE, describeLot, requireHeldLot, requireVolume } from '../checks.ts';
import { addCertTotals, nextCertId } from '../records/counters.ts';
import { readLot, writeLot } from '../records/lot.ts';
import { writeCertListing } from '../records/listing.ts';
import { accountCertListingsBase, ownerLotsBase } from '../keys.ts';
import { CertListed } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Most open listings one lot may have at a time (a revocation walks them). */
export const MAX_LISTINGS_PER_LOT = 16;

/** Arguments of cert.list: offer `wh` of a lot you hold at `price` µTES/kWh. */
export const certListArgs = { lot: Field.u32, wh: Field.amount, price: Field.amount } as const;

/**
 * A sender that holds no certificates and generates from a non-renewable source gets
 * told why it has none, rather than just "not your lot".
 */
function explainNoCertificates(state: StateReader, cfg: CertConfig, sender: Uint8Array, lot: number): void {
  const held = readLot(state, lot);
  if (held && bytesEqual(held.owner, sender)) return;
  const p = readParticipant(state, sender);
  if (p?.role === 'seller' && !isRenewable(cfg, p.source) && getListLength(state, ownerLotsBase(sender)) === 0) {
    throw new CertError('NOT_RENEWABLE', `${addressFromBytes(sender)} declares the source '${p.source}', which earns no certificates (renewable here: ${cfg.renewable.join(', ')}); it holds none to list`);
  }
}

/**
 * cert.list: the generator, or any holder, offers part of a lot it holds at a price
 * (µTES per kWh of certificate volume). One-way trading: the offered volume leaves the
 * lot's free part and can only be picked by a buyer or come back by cancelling. Claimed
 * volume is retired and can never be listed.
 */
export function applyCertList(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certListArgs>): { listing: number } {
  const cfg = requireCertConfig(state);
  explainNoCertificates(state, cfg, ctx.sender, args.lot);
  const lot = requireHeldLot(state, args.lot, ctx.sender);
  requireApproved(state, ctx.sender);
  requireVolume(args.wh, 'the listed volume');
  if (args.price < 1n || args.price > MAX_CERT_PRICE) throw new CertError('BAD_AMOUNT', `the price must be from 1 to ${MAX_CERT_PRICE} µTES/kWh, got ${args.price}`);
  if (args.wh > lot.free) {
    if (lot.claimed > 0n && args.wh <= lot.free + lot.claimed) {
      throw new CertError('CLAIMED_VOLUME', `${describeLot(lot)}: claimed volume is retired and can never be listed; list at most ${lot.free} Wh`);
    }
    throw new CertError('OVER_LIST', `${describeLot(lot)}; list at most ${lot.free} Wh`);
  }
  if (lot.listings.length >= MAX_LISTINGS_PER_LOT) {
    throw new CertError('TOO_MANY_LISTINGS', `lot ${lot.id} already has ${MAX_LISTINGS_PER_LOT} open listings; cancel one (its rest returns to the lot) and list again`);
  }
  const id = nextCertId(state, 'listing');
  writeCertListing(state, { id, seller: ctx.sender, lot: lot.id, wh: args.wh, rest: args.wh, price: args.price, status: 'open', height: ctx.header.height, txIndex: ctx.txIndex });
  writeLot(state, { ...lot, free: lot.free - args.wh, listed: lot.listed + args.wh, listings: [...lot.listings, id] });
  appendToList(state, accountCertListingsBase(ctx.sender), id);
  addCertTotals(state, { free: -args.wh, listed: args.wh });
  ctx.emit(CertListed, { listing: id, lot: lot.id, wh: args.wh, price: args.price });
  return { listing: id };
}
