import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant, writeParticipant } from '../records/participant.ts';
import { requireAuthority } from '../checks.ts';
import { banIdentity, startForcedExit } from '../credit/membership.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Expelled } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.expel: regulator: force a participant out; with `ban`, for good (its identity commitment too). */
export const expelArgs = { account: Field.address, ban: Field.bool, reason: Field.text(200) } as const;

/**
 * market.expel: the regulator's ruling forces a participant out (docs/credit.md), with a reason.
 * Like a forced exit for low credit, its open positions settle first and its bond then
 * comes back; it may apply again after readmitPeriods. With `ban` the exit is permanent:
 * the account and its identity commitment (the registration's docHash) may never
 * register again. An account already out can still be banned.
 */
export function applyExpel(state: Overlay, ctx: OpContext, args: ArgsOf<typeof expelArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const account = args.account;
  const ban = args.ban;
  const reason = args.reason.trim();
  const who = addressFromBytes(account);
  if (reason === '') throw new MarketError('REASON_REQUIRED', 'an expulsion must give its reason, which the account and everyone will see');
  const p = readParticipant(state, account);
  if (!p || p.status === 'banned') throw new MarketError('NOT_REGISTERED', `${who} ${p ? 'is already banned' : 'has never registered'}`);
  const out = p.status === 'exited' || p.status === 'expelled' || p.status === 'rejected';
  if (out && !ban) throw new MarketError('NOT_REGISTERED', `${who} is ${p.status}, not a participant; to keep it out for good, expel it with ban`);
  if (ban) banIdentity(state, p.docHash, { account, height: ctx.header.height, reason });
  if (out) {
    writeParticipant(state, account, { ...p, status: 'banned', reason, reviewedHeight: ctx.header.height });
    ctx.emit(Expelled, { account, ban });
    return {};
  }
  startForcedExit(state, account, creditNow(ctx, ctx.header), `ruling: ${reason}`);
  ctx.emit(Expelled, { account, ban });
  return {};
}
