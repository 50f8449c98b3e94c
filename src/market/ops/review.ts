import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant, writeParticipant } from '../records/participant.ts';
import { requireAuthority } from '../checks.ts';
import { ensureMember } from '../credit/membership.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Reviewed } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.review: validator: approve or reject (reason required) a pending application. */
export const reviewArgs = { account: Field.address, approve: Field.bool, reason: Field.text(200) } as const;

/**
 * market.review: a validator approves or rejects a pending application. A rejection
 * must give a reason. Approval makes the account a member (the agency cycle's index) and
 * computes its credit: a newcomer's score from the prior (500, BB, by default), or, for an
 * account that was a participant before, the score its kept history gives. That writes
 * `c/<id>`, which is what lets it earn a mining boost. A readmitted account whose history
 * scores below exitCredit is forced out again at once.
 */
export function applyReview(state: Overlay, ctx: OpContext, args: ArgsOf<typeof reviewArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'validator');
  const account = args.account;
  const approve = args.approve;
  const reason = args.reason.trim();
  const p = readParticipant(state, account);
  if (!p || p.status !== 'pending') {
    throw new MarketError('NOT_PENDING', `${addressFromBytes(account)} has no pending application${p ? ` (it is ${p.status})` : ''}; it must register first`);
  }
  if (!approve && reason === '') {
    throw new MarketError('REASON_REQUIRED', 'a rejection must give a reason, e.g. "licence expired"');
  }
  writeParticipant(state, account, { ...p, status: approve ? 'approved' : 'rejected', reason, reviewedHeight: ctx.header.height });
  ctx.emit(Reviewed, { account, approved: approve });
  if (!approve) return {};
  ensureMember(state, account);
  updateCredit(state, account, creditNow(ctx, ctx.header), 'approved', { approved: true });
  return {};
}
