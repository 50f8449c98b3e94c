import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { completeExit } from '../credit/membership.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Exited } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.exit: leave the market; the bond comes back. */
export const exitArgs = {  } as const;

/**
 * market.exit: voluntary exit (docs/market.md). Refused while the account has open listings or
 * unsettled trades; otherwise the bond comes back, `c/<id>` goes (no more mining boost)
 * and the participant record stays, marked exited, with its credit history, for a
 * return. An account being forced out may complete its exit this way once nothing is
 * open; it leaves as expelled all the same.
 */
export function applyExit(state: Overlay, ctx: OpContext, _args: ArgsOf<typeof exitArgs>): Record<string, never> {
  requireConfig(state);
  const p = readParticipant(state, ctx.sender);
  if (!p || p.status === 'exited' || p.status === 'expelled' || p.status === 'banned') {
    throw new MarketError('NOT_REGISTERED', 'this account is not a participant; there is nothing to exit');
  }
  if (p.open > 0) {
    throw new MarketError('OPEN_POSITIONS', `the account has ${p.open} open listings or unsettled trades; cancel the listings and wait for settlement, then exit`);
  }
  const now = creditNow(ctx, ctx.header);
  if (p.status === 'exiting') completeExit(state, ctx.sender, now, 'expelled', p.reason, 'expelled');
  else completeExit(state, ctx.sender, now, 'exited', p.reason, 'exited');
  ctx.emit(Exited, { account: ctx.sender });
  return {};
}
