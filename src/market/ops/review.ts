import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant, writeParticipant } from '../records/participant.ts';
import { requireAuthority } from '../checks.ts';
import { ensureMember } from '../credit/membership.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { TxContext } from '../../chain/stf/context.ts';

/**
 * market.review: a validator approves or rejects a pending application. A rejection
 * must give a reason. Approval makes the account a member (the agency cycle's index) and
 * computes its credit: a newcomer's score from the prior (500, BB, by default), or, for an
 * account that was a participant before, the score its kept history gives. That writes
 * `c/<id>`, which is what lets it earn a mining boost. A readmitted account whose history
 * scores below exitCredit is forced out again at once.
 */
export function applyReview(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'validator');
  const account = ctx.tx.payload.account as Uint8Array;
  const approve = ctx.tx.payload.approve as boolean;
  const reason = (ctx.tx.payload.reason as string).trim();
  const p = readParticipant(state, account);
  if (!p || p.status !== 'pending') {
    throw new MarketError('NOT_PENDING', `${addressFromBytes(account)} has no pending application${p ? ` (it is ${p.status})` : ''}; it must register first`);
  }
  if (!approve && reason === '') {
    throw new MarketError('REASON_REQUIRED', 'a rejection must give a reason, e.g. "licence expired"');
  }
  writeParticipant(state, account, { ...p, status: approve ? 'approved' : 'rejected', reason, reviewedHeight: ctx.header.height });
  if (!approve) return;
  ensureMember(state, account);
  updateCredit(state, account, creditNow(ctx, ctx.header), 'approved', { approved: true });
}
