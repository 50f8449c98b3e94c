import { applyRegister } from './ops/register.ts';
import { applyReview } from './ops/review.ts';
import { applyBondDeposit, applyBondWithdraw } from './ops/bond.ts';
import { applyList } from './ops/list.ts';
import { applyCancel } from './ops/cancel.ts';
import { applyPick } from './ops/pick.ts';
import { applyCurtail } from './ops/curtail.ts';
import { applyBuyFtr } from './ops/ftr.ts';
import { applyMeter } from './ops/meter.ts';
import { applyRate } from './ops/rate.ts';
import { applyExit } from './ops/exit.ts';
import { applySetLink, applySetRegion, applySetReserve } from './ops/regulate.ts';
import { applyAgencyScore } from './ops/agency.ts';
import { applyReport } from './ops/report.ts';
import { applyRule } from './ops/rule.ts';
import { applyExpel } from './ops/expel.ts';
import { settleDuePeriods } from './settle/settleDue.ts';
import { runCreditCycle } from './credit/cycle.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { ChainContext, TxContext } from '../chain/stf/context.ts';
import type { BlockHeader } from '../chain/types.ts';

/** The handler of every kind in MARKET_TX_KINDS, merged into the chain's TX_HANDLERS. */
export const MARKET_TX_HANDLERS: Readonly<Record<string, (state: Overlay, ctx: TxContext) => void>> = {
  'market.register': applyRegister,
  'market.review': applyReview,
  'market.bond': applyBondDeposit,
  'market.unbond': applyBondWithdraw,
  'market.list': applyList,
  'market.cancel': applyCancel,
  'market.pick': applyPick,
  'market.curtail': applyCurtail,
  'market.ftr': applyBuyFtr,
  'market.meter': applyMeter,
  'market.rate': applyRate,
  'market.exit': applyExit,
  'market.region': applySetRegion,
  'market.link': applySetLink,
  'market.reserve': applySetReserve,
  'market.agency': applyAgencyScore,
  'market.report': applyReport,
  'market.rule': applyRule,
  'market.expel': applyExpel,
};

/**
 * The market's block-start hooks, in order: settlement of due periods (which recomputes
 * the credit of the accounts it touches), then the end of an agency cycle when one has
 * passed (score refresh, inactivity reclaim, rewards).
 */
export const MARKET_BLOCK_HOOKS: ReadonlyArray<(state: Overlay, header: BlockHeader, ctx: ChainContext) => void> = [settleDuePeriods, runCreditCycle];
