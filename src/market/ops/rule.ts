import { COMMUNITY_POOL_ID } from '../../chain/state/accounts.ts';
import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readReport, writeOpenReport, writeReport } from '../records/report.ts';
import { takeFromBond } from '../records/ledger.ts';
import { appendToList } from '../records/lists.ts';
import { MK, accountViolationsBase } from '../keys.ts';
import { requireAuthority } from '../checks.ts';
import { readCreditConfig } from '../credit/config.ts';
import { updateCredit } from '../credit/update.ts';
import { creditNow } from '../credit/now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { TxContext } from '../../chain/stf/context.ts';

/**
 * market.rule: the regulator confirms or dismisses an open report, with a reason. A
 * confirmed violation takes violationBondPercent % of the bond base from the account's
 * bond (as far as it holds) into the community pool, costs violationPoints credit points
 * (which may force the account out), and is published: listed in the violations index
 * (market_violations). A dismissed report just closes.
 */
export function applyRule(state: Overlay, ctx: TxContext): void {
  const mcfg = requireConfig(state);
  requireAuthority(state, ctx.sender, 'regulator');
  const id = ctx.tx.payload.report as number;
  const confirm = ctx.tx.payload.confirm as boolean;
  const reason = (ctx.tx.payload.reason as string).trim();
  const r = readReport(state, id);
  if (!r) throw new MarketError('UNKNOWN_REPORT', `there is no report ${id}; list them with market_reports`);
  if (r.status !== 'open') throw new MarketError('REPORT_CLOSED', `report ${id} was already ${r.status} at height ${r.rulingHeight}`);
  if (reason === '') throw new MarketError('REASON_REQUIRED', 'a ruling must give its reason, which is published with it');
  writeOpenReport(state, r.account, undefined);
  if (!confirm) {
    writeReport(state, { ...r, status: 'dismissed', rulingHeight: ctx.header.height, rulingReason: reason });
    return;
  }
  const cfg = readCreditConfig(state);
  const penalty = (mcfg.bondBase * BigInt(cfg.violationBondPercent)) / 100n;
  const taken = takeFromBond(state, r.account, penalty, COMMUNITY_POOL_ID);
  writeReport(state, { ...r, status: 'confirmed', rulingHeight: ctx.header.height, rulingReason: reason, bondTaken: taken, points: cfg.violationPoints });
  appendToList(state, MK.violations, id);
  appendToList(state, accountViolationsBase(r.account), id);
  updateCredit(state, r.account, creditNow(ctx, ctx.header), 'violation', { violations: 1 });
}
