import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { isListingOpen, readListing, writeListing } from '../records/listing.ts';
import { addOpen } from '../records/participant.ts';
import { requireBeforeGate } from '../checks.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { completeExitIfDone } from '../credit/membership.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Cancelled } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.cancel: cancel the unpicked rest of one's listing. */
export const cancelArgs = { listing: Field.u32 } as const;

/**
 * market.cancel: withdraws the unpicked rest of one's own listing before gate closure.
 * Trades already formed from it stand. After gate closure an open rest stays firm: it
 * may still take a contract transfer from a curtailed trade until the period starts.
 * An account being forced out may cancel too; its exit completes once nothing is open.
 */
export function applyCancel(state: Overlay, ctx: OpContext, args: ArgsOf<typeof cancelArgs>): Record<string, never> {
  const cfg = requireConfig(state);
  const id = args.listing;
  const l = readListing(state, id);
  if (!l) throw new MarketError('UNKNOWN_LISTING', `there is no listing ${id}; check the id with market book`);
  if (!bytesEqual(l.owner, ctx.sender)) throw new MarketError('NOT_OWNER', `listing ${id} belongs to another account; only its owner may cancel it`);
  if (!isListingOpen(l)) throw new MarketError('LISTING_CLOSED', `listing ${id} is ${l.status === 'open' ? 'fully picked' : l.status}; there is no rest to cancel`);
  requireBeforeGate(state, ctx, cfg, l.period, 'cancelling');
  writeListing(state, { ...l, status: 'cancelled' });
  addOpen(state, ctx.sender, -1);
  completeExitIfDone(state, ctx.sender, creditNow(ctx, ctx.header));
  ctx.emit(Cancelled, { listing: id, rest: l.rest });
  return {};
}
