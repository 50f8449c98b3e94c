import { Field } from '../chain/module/schema.ts';
import { defineKind, NO_RESULT } from '../chain/module/stateModule.ts';
import { applyRegister, registerArgs } from './ops/register.ts';
import { applyReview, reviewArgs } from './ops/review.ts';
import { applyBondDeposit, applyBondWithdraw, bondDepositArgs, bondWithdrawArgs } from './ops/bond.ts';
import { applyList, listArgs } from './ops/list.ts';
import { applyCancel, cancelArgs } from './ops/cancel.ts';
import { applyPick, pickArgs } from './ops/pick.ts';
import { applyCurtail, curtailArgs } from './ops/curtail.ts';
import { applyBuyFtr, buyFtrArgs } from './ops/ftr.ts';
import { applyMeter, meterArgs } from './ops/meter.ts';
import { applyRate, rateArgs } from './ops/rate.ts';
import { applyExit, exitArgs } from './ops/exit.ts';
import { applySetLink, applySetRegion, applySetReserve, setLinkArgs, setRegionArgs, setReserveArgs } from './ops/regulate.ts';

/**
 * The market's transaction kinds (docs/market.md): each a payload schema, the typed
 * operation that applies it (src/market/ops, one per file) and the schema of what it
 * returns into the receipt. Quantities are Wh, prices and rates µTES/kWh, money µTES.
 */
export const MARKET_KINDS = {
  'market.register': defineKind({ doc: 'apply for a participant role (seller, buyer, chargePoint, storage) in a home region', schema: registerArgs, result: NO_RESULT, apply: applyRegister }),
  'market.review': defineKind({ doc: 'validator: approve or reject (reason required) a pending application', schema: reviewArgs, result: NO_RESULT, apply: applyReview }),
  'market.bond': defineKind({ doc: "deposit µTES into one's performance bond", schema: bondDepositArgs, result: NO_RESULT, apply: applyBondDeposit }),
  'market.unbond': defineKind({ doc: "withdraw µTES from one's bond (down to the required amount while anything is open)", schema: bondWithdrawArgs, result: NO_RESULT, apply: applyBondWithdraw }),
  'market.list': defineKind({ doc: 'post a sell- or buy-listing for a period', schema: listArgs, result: { listing: Field.u32 }, apply: applyList }),
  'market.cancel': defineKind({ doc: "cancel the unpicked rest of one's listing", schema: cancelArgs, result: NO_RESULT, apply: applyCancel }),
  'market.pick': defineKind({ doc: 'pick Wh of a listing: a trade forms and the buyer escrows energy + transmission fee', schema: pickArgs, result: { trade: Field.u32, escrow: Field.amount }, apply: applyPick }),
  'market.curtail': defineKind({ doc: 'dispatcher: curtail Wh of a trade before its period starts', schema: curtailArgs, result: { refund: Field.amount, ftrPaid: Field.amount }, apply: applyCurtail }),
  'market.ftr': defineKind({ doc: 'buy a financial transmission right on a route for a period', schema: buyFtrArgs, result: { premium: Field.amount }, apply: applyBuyFtr }),
  'market.meter': defineKind({ doc: "meter: an account's delivered or consumed Wh in a period", schema: meterArgs, result: NO_RESULT, apply: applyMeter }),
  'market.rate': defineKind({ doc: 'rate the counterparty of a settled trade, 1–5', schema: rateArgs, result: NO_RESULT, apply: applyRate }),
  'market.exit': defineKind({ doc: 'leave the market; the bond comes back', schema: exitArgs, result: NO_RESULT, apply: applyExit }),
  'market.region': defineKind({ doc: 'regulator: add a region or change its stamp rate and fee account', schema: setRegionArgs, result: NO_RESULT, apply: applySetRegion }),
  'market.link': defineKind({ doc: 'regulator: link two regions, or unlink them', schema: setLinkArgs, result: NO_RESULT, apply: applySetLink }),
  'market.reserve': defineKind({ doc: "regulator: set the reserve account and its unit costs a (down) and a' (up)", schema: setReserveArgs, result: NO_RESULT, apply: applySetReserve }),
};
