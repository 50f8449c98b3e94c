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
import { settleDuePeriods } from './settle/settleDue.ts';
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
};

/** The market's block-start hooks: settlement of due periods. */
export const MARKET_BLOCK_HOOKS: ReadonlyArray<(state: Overlay, header: BlockHeader, ctx: ChainContext) => void> = [settleDuePeriods];
