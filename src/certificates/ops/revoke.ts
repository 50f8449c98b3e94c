import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { appendToList } from '../../market/records/lists.ts';
import { CertError } from '../certError.ts';
import { requireCertConfig } from '../config.ts';
import { describeLot, requireLot, requireRegulator, requireVolume } from '../checks.ts';
import { addCertTotals, nextCertId } from '../records/counters.ts';
import { writeLot } from '../records/lot.ts';
import { readCertListing, writeCertListing } from '../records/listing.ts';
import { writeRevocation } from '../records/revocation.ts';
import { CertKey } from '../keys.ts';
import { CertRevoked } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';

/** Arguments of cert.revoke: regulator: withdraw `wh` of a lot, with the reason published. */
export const certRevokeArgs = { lot: Field.u32, wh: Field.amount, reason: Field.text(200) } as const;

/**
 * cert.revoke: the regulator withdraws certificate volume of a lot, e.g. one issued from
 * a meter reading later corrected downward, with the reason recorded. It takes the lot's
 * free volume first, then the unpicked rest of its open listings in listing order (a
 * listing revoked to nothing closes as 'revoked'). Claimed volume is final and cannot be
 * revoked; volume already sold lives on in the buyers' lots (same root: `cert_lots` with
 * `root`), which the regulator revokes one by one.
 */
export function applyCertRevoke(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certRevokeArgs>): { revocation: number; fromListings: bigint } {
  requireCertConfig(state);
  requireRegulator(state, ctx.sender, 'revoking certificates');
  const reason = args.reason.trim();
  if (reason === '') throw new CertError('REASON_REQUIRED', 'a revocation gives its reason (e.g. the corrected reading), which is published with it');
  requireVolume(args.wh, 'the revoked volume');
  const lot = requireLot(state, args.lot);
  if (args.wh > lot.free + lot.listed) {
    throw new CertError('OVER_REVOKE', `${describeLot(lot)}: at most ${lot.free + lot.listed} Wh (free and listed) can be revoked; claimed volume is final, sold volume is in the lots of root ${lot.root}`);
  }
  const fromFree = args.wh < lot.free ? args.wh : lot.free;
  let left = args.wh - fromFree;
  const fromListings = left;
  let listings = [...lot.listings];
  for (const lid of lot.listings) {
    if (left === 0n) break;
    const l = readCertListing(state, lid)!;
    const take = l.rest < left ? l.rest : left;
    const rest = l.rest - take;
    writeCertListing(state, { ...l, rest, status: rest === 0n ? 'revoked' : l.status });
    if (rest === 0n) listings = listings.filter((x) => x !== lid);
    left -= take;
  }
  writeLot(state, { ...lot, free: lot.free - fromFree, listed: lot.listed - fromListings, revoked: lot.revoked + args.wh, listings });
  const id = nextCertId(state, 'revocation');
  writeRevocation(state, { id, lot: lot.id, wh: args.wh, fromListings, reason, regulator: ctx.sender, height: ctx.header.height });
  appendToList(state, CertKey.revocations, id);
  addCertTotals(state, { free: -fromFree, listed: -fromListings, revoked: args.wh });
  ctx.emit(CertRevoked, { revocation: id, lot: lot.id, wh: args.wh });
  return { revocation: id, fromListings };
}
