import { COMMUNITY_POOL_ID } from '../../chain/state/accounts.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readReport, writeOpenReport, writeReport } from '../records/report.ts';
import { takeFromBond } from '../records/ledger.ts';
import { appendToList } from '../records/lists.ts';
import { MarketKey, accountViolationsBase } from '../keys.ts';
import { requireAuthority } from '../checks.ts';
import { readCreditConfig } from '../credit/config.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { Ruled } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

/** Arguments of market.rule: regulator: confirm or dismiss an open report, with the reason published. */
export const ruleArgs = { report: Field.u32, confirm: Field.bool, reason: Field.text(200) } as const;

/**
 * market.rule: the regulator confirms or dismisses an open report, with a reason. A
 * confirmed violation takes violationBondPercent % of the bond base from the account's
 * bond (as far as it holds) into the community pool, costs violationPoints credit points
 * (which may force the account out), and is published: listed in the violations index
 * (market_violations). A dismissed report just closes.
 */
export function applyRule(state: Overlay, ctx: OpContext, args: ArgsOf<typeof ruleArgs>): Record<string, never> {
  const mcfg = requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const id = args.report;
  const confirm = args.confirm;
  const reason = args.reason.trim();
  const r = readReport(state, id);
  if (!r) throw new MarketError('UNKNOWN_REPORT', `there is no report ${id}; list them with market_reports`);
  if (r.status !== 'open') throw new MarketError('REPORT_CLOSED', `report ${id} was already ${r.status} at height ${r.rulingHeight}`);
  if (reason === '') throw new MarketError('REASON_REQUIRED', 'a ruling must give its reason, which is published with it');
  writeOpenReport(state, r.account, undefined);
  if (!confirm) {
    writeReport(state, { ...r, status: 'dismissed', rulingHeight: ctx.header.height, rulingReason: reason });
    ctx.emit(Ruled, { report: id, confirmed: false, bondTaken: 0n });
    return {};
  }
  const cfg = readCreditConfig(state);
  const penalty = (mcfg.bondBase * BigInt(cfg.violationBondPercent)) / 100n;
  const taken = takeFromBond(state, r.account, penalty, COMMUNITY_POOL_ID);
  writeReport(state, { ...r, status: 'confirmed', rulingHeight: ctx.header.height, rulingReason: reason, bondTaken: taken, points: cfg.violationPoints });
  appendToList(state, MarketKey.violations, id);
  appendToList(state, accountViolationsBase(r.account), id);
  updateCredit(state, r.account, creditNow(ctx, ctx.header), 'violation', { violations: 1 });
  ctx.emit(Ruled, { report: id, confirmed: true, bondTaken: taken });
  return {};
}
