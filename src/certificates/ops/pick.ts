import { bytesEqual } from '../../chain/bytes.ts';
import { addBalance, getAccount } from '../../chain/state/accounts.ts';
import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { requireApproved } from '../../market/checks.ts';
import { energyCost } from '../../market/amounts.ts';
import { appendToList } from '../../market/records/lists.ts';
import { CertError } from '../certError.ts';
import { requireCertConfig } from '../config.ts';
import { requireCertListing, requireLot } from '../checks.ts';
import { addCertTotals, nextCertId } from '../records/counters.ts';
import { writeLot } from '../records/lot.ts';
import { writeCertListing } from '../records/listing.ts';
import { ownerLotsBase, rootLotsBase } from '../keys.ts';
import { CertPicked } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';

/** Arguments of cert.pick: take `wh` of a certificate listing. */
export const certPickArgs = { listing: Field.u32, wh: Field.amount } as const;

/**
 * cert.pick: an approved participant takes `wh` of an open certificate listing and pays
 * floor(wh × price / 1000) µTES to the lister at once. No escrow: the certificates exist
 * already and both legs happen in this one operation, so neither side can fail the
 * other. The volume becomes a new lot of the buyer's with the listed lot's origin, its
 * parent the listed lot.
 */
export function applyCertPick(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certPickArgs>): { lot: number; paid: bigint } {
  requireCertConfig(state);
  const l = requireCertListing(state, args.listing);
  if (l.status !== 'open') throw new CertError('LISTING_CLOSED', `certificate listing ${l.id} is ${l.status}; pick an open one (\`tesnode cert listings\`)`);
  requireApproved(state, ctx.sender);
  if (bytesEqual(l.seller, ctx.sender)) throw new CertError('OWN_LISTING', `certificate listing ${l.id} is your own; cancel it to take the volume back`);
  if (args.wh < 1n) throw new CertError('BAD_AMOUNT', 'a pick takes at least 1 Wh');
  if (args.wh > l.rest) throw new CertError('OVER_PICK', `certificate listing ${l.id} has ${l.rest} Wh left; pick at most that`);
  const paid = energyCost(args.wh, l.price);
  const have = getAccount(state, ctx.sender).balance;
  if (have < paid) throw new CertError('INSUFFICIENT_FUNDS', `${args.wh} Wh at ${l.price} µTES/kWh costs ${paid} µTES; the account holds ${have} µTES after the fee`);
  if (paid > 0n) {
    addBalance(state, ctx.sender, -paid);
    addBalance(state, l.seller, paid);
  }
  const rest = l.rest - args.wh;
  writeCertListing(state, { ...l, rest, status: rest === 0n ? 'sold' : 'open' });
  const from = requireLot(state, l.lot);
  writeLot(state, {
    ...from,
    listed: from.listed - args.wh,
    sold: from.sold + args.wh,
    listings: rest === 0n ? from.listings.filter((x) => x !== l.id) : from.listings,
  });
  const id = nextCertId(state, 'lot');
  writeLot(state, {
    id, owner: ctx.sender, generator: from.generator, source: from.source, region: from.region, carbon: from.carbon, period: from.period,
    wh: args.wh, free: args.wh, listed: 0n, sold: 0n, claimed: 0n, revoked: 0n, parent: from.id, root: from.root, height: ctx.header.height, listings: [],
  });
  appendToList(state, ownerLotsBase(ctx.sender), id);
  appendToList(state, rootLotsBase(from.root), id);
  addCertTotals(state, { listed: -args.wh, free: args.wh });
  ctx.emit(CertPicked, { listing: l.id, lot: id, buyer: ctx.sender, wh: args.wh, paid });
  return { lot: id, paid };
}
