import { addressFromBytes } from '../../chain/address.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { Field, type ArgsOf } from '../../chain/module/schema.ts';
import { CertError } from '../certError.ts';
import { requireCertConfig } from '../config.ts';
import { requireCertListing, requireLot } from '../checks.ts';
import { addCertTotals } from '../records/counters.ts';
import { writeLot } from '../records/lot.ts';
import { writeCertListing } from '../records/listing.ts';
import { CertCancelled } from '../events.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';

/** Arguments of cert.cancel: withdraw the unpicked rest of your certificate listing. */
export const certCancelArgs = { listing: Field.u32 } as const;

/** cert.cancel: the lister withdraws the unpicked rest; it returns to the lot's free volume. */
export function applyCertCancel(state: Overlay, ctx: OpContext, args: ArgsOf<typeof certCancelArgs>): { rest: bigint } {
  requireCertConfig(state);
  const l = requireCertListing(state, args.listing);
  if (!bytesEqual(l.seller, ctx.sender)) throw new CertError('NOT_OWNER', `certificate listing ${l.id} belongs to ${addressFromBytes(l.seller)}; only its lister cancels it`);
  if (l.status !== 'open') throw new CertError('LISTING_CLOSED', `certificate listing ${l.id} is already ${l.status}`);
  const lot = requireLot(state, l.lot);
  // The rest stays on the record: what was withdrawn (only open listings count as listed volume).
  writeCertListing(state, { ...l, status: 'cancelled' });
  writeLot(state, { ...lot, free: lot.free + l.rest, listed: lot.listed - l.rest, listings: lot.listings.filter((x) => x !== l.id) });
  addCertTotals(state, { listed: -l.rest, free: l.rest });
  ctx.emit(CertCancelled, { listing: l.id, rest: l.rest });
  return { rest: l.rest };
}
