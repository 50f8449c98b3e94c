import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { requireAuthority } from '../checks.ts';
import { readCreditConfig } from '../credit/config.ts';
import { readCreditRecord } from '../credit/record.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import { cycleOf } from '../credit/int.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { AgencyScored } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.agency: credit agency: a participant's external score 0..1000, once per agency cycle. */
export const agencyScoreArgs = { account: Field.address, score: Field.u32 } as const;

/**
 * market.agency: the credit agency (外部征信机构) posts its external score 0..1000 of a
 * participant, at most once per agency cycle of agencyPeriods periods (its cadence; a
 * correction waits for the next cycle). The composite score becomes the weighted mix of
 * the internal score and this one, at once.
 */
export function applyAgencyScore(state: Overlay, ctx: OpContext, args: ArgsOf<typeof agencyScoreArgs>): Record<string, never> {
  requireConfig(state);
  requireAuthority(state, ctx.sender, 'creditAgency');
  const account = args.account;
  const score = args.score;
  if (!readParticipant(state, account)) throw new MarketError('NOT_REGISTERED', `${addressFromBytes(account)} has never registered; the agency scores participants only`);
  if (score > 1000) throw new MarketError('BAD_SCORE', `an external score is from 0 to 1000, got ${score}`);
  const cfg = readCreditConfig(state);
  const now = creditNow(ctx, ctx.header);
  const cycle = cycleOf(now.period, cfg.agencyPeriods);
  if (readCreditRecord(state, account)?.externalCycle === cycle) {
    throw new MarketError('AGENCY_TOO_SOON', `the agency already scored ${addressFromBytes(account)} in cycle ${cycle}; one score per account each ${cfg.agencyPeriods} periods: post again from period ${(cycle + 1) * cfg.agencyPeriods}`);
  }
  updateCredit(state, account, now, 'agency', { external: { score, cycle } });
  ctx.emit(AgencyScored, { account, score });
  return {};
}
