import { addressFromBytes } from '../../chain/address.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { nextReportId, readOpenReport, writeOpenReport, writeReport } from '../records/report.ts';
import { checkAccount } from '../supervision/check.ts';
import { SUSPICIOUS_SCORE } from '../supervision/classifier.ts';
import { creditNow } from '../credit/now.ts';
import { alreadyRuled, evidenceMarks } from '../supervision/evidence.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Reported } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.report: anyone: report a suspected violation with the check's score and flags (market_check). */
export const reportArgs = { account: Field.address, score: Field.u32, flags: Field.u32, note: Field.text(200) } as const;

/**
 * market.report: anyone files a report of a suspected violation, carrying the result of
 * the violation check (`market_check`): the classifier's score and flags. The chain runs
 * the check again on the state the report meets and keeps its own result; the two must
 * agree (CHECK_MISMATCH: the account's record moved since the check, run it again), and
 * the verdict must not be clean (NOT_FLAGGED). One open report per account, and none on
 * an account that has not traded or listed since its last confirmed violation (its
 * conduct up to then is judged: ALREADY_RULED). The regulator rules with market.rule.
 */
export function applyReport(state: Overlay, ctx: OpContext, args: ArgsOf<typeof reportArgs>): { report: number } {
  requireConfig(state);
  const account = args.account;
  const score = args.score;
  const flags = args.flags;
  const who = addressFromBytes(account);
  if (!readParticipant(state, account)) throw new MarketError('NOT_REGISTERED', `${who} has never registered; only participants are reported`);
  const open = readOpenReport(state, account);
  if (open !== undefined) throw new MarketError('REPORT_OPEN', `report ${open} on ${who} awaits the regulator's ruling; add to it off chain, or file again after the ruling`);
  const ruled = alreadyRuled(state, account);
  if (ruled) throw new MarketError('ALREADY_RULED', `${who} has not traded or listed since report ${ruled.id} was confirmed at height ${ruled.rulingHeight}; that ruling covers its conduct so far`);
  const result = checkAccount(state, account);
  if (result.score !== score || result.flags !== flags) {
    throw new MarketError('CHECK_MISMATCH', `the check of ${who} now gives score ${result.score} (flags ${result.flags}), not ${score} (flags ${flags}): run market check again and file its result`);
  }
  if (result.score < SUSPICIOUS_SCORE) throw new MarketError('NOT_FLAGGED', `the check finds nothing to report on ${who} (score ${result.score}, verdict ${result.verdict}); a report needs a score of ${SUSPICIOUS_SCORE} or more`);
  const id = nextReportId(state);
  writeReport(state, {
    id, account, reporter: ctx.sender, height: ctx.header.height, period: creditNow(ctx, ctx.header).period,
    note: args.note.trim(), indicators: result.indicators, flags: result.flags, score: result.score,
    status: 'open', rulingHeight: 0, rulingReason: '', bondTaken: 0n, points: 0, ...evidenceMarks(state, account),
  });
  writeOpenReport(state, account, id);
  ctx.emit(Reported, { report: id, account, score: result.score });
  return { report: id };
}
