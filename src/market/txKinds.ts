import { F, type FieldSpec } from '../chain/payloadFields.ts';

// Region ids are at most 16 characters (ops/regulate.ts REGION_ID).
const REGION = F.text(16);

/**
 * Payload schemas of the market's transaction kinds (SPEC 3, 4), merged into the chain's
 * TX_KINDS. Quantities are Wh, prices and rates µTES/kWh, money µTES (all `amount`);
 * listing and trade ids, periods, scores and bit sets are `u32`.
 */
export const MARKET_TX_KINDS: Readonly<Record<string, readonly FieldSpec[]>> = {
  /** Apply for a participant role (seller, buyer, chargePoint, storage) in a home region. */
  'market.register': [
    { name: 'role', type: F.text(16) },
    { name: 'region', type: REGION },
    { name: 'docHash', type: F.hash },
    { name: 'docFields', type: F.u32 },
    // A seller's declared energy source and carbon intensity (g CO2/kWh); '' and 0 for other roles.
    { name: 'source', type: F.text(16) },
    { name: 'carbon', type: F.u32 },
  ],
  /** Validator: approve or reject (reason required) a pending application. */
  'market.review': [
    { name: 'account', type: F.address },
    { name: 'approve', type: F.bool },
    { name: 'reason', type: F.text(200) },
  ],
  /** Deposit µTES into one's performance bond. */
  'market.bond': [{ name: 'amount', type: F.amount }],
  /** Withdraw µTES from one's bond (down to the required amount while anything is open). */
  'market.unbond': [{ name: 'amount', type: F.amount }],
  /** Post a sell- or buy-listing for a period. */
  'market.list': [
    { name: 'side', type: F.text(4) },
    { name: 'period', type: F.u32 },
    { name: 'wh', type: F.amount },
    { name: 'price', type: F.amount },
    { name: 'region', type: REGION },
    { name: 'source', type: F.text(16) },
    { name: 'carbon', type: F.u32 },
  ],
  /** Cancel the unpicked rest of one's listing. */
  'market.cancel': [{ name: 'listing', type: F.u32 }],
  /** Pick `wh` of a listing. */
  'market.pick': [
    { name: 'listing', type: F.u32 },
    { name: 'wh', type: F.amount },
  ],
  /** Dispatcher: curtail `wh` of a trade before its period starts. */
  'market.curtail': [
    { name: 'trade', type: F.u32 },
    { name: 'wh', type: F.amount },
  ],
  /** Buy a financial transmission right for route from→to in a period. */
  'market.ftr': [
    { name: 'from', type: REGION },
    { name: 'to', type: REGION },
    { name: 'period', type: F.u32 },
    { name: 'wh', type: F.amount },
    { name: 'rate', type: F.amount },
  ],
  /** Meter: an account's delivered or consumed Wh in a period. */
  'market.meter': [
    { name: 'account', type: F.address },
    { name: 'period', type: F.u32 },
    { name: 'wh', type: F.amount },
  ],
  /** Rate the counterparty of a settled trade, 1–5. */
  'market.rate': [
    { name: 'trade', type: F.u32 },
    { name: 'score', type: F.u32 },
  ],
  /** Leave the market; the bond comes back. */
  'market.exit': [],
  /** Regulator: add a region or change its stamp rate and fee account. */
  'market.region': [
    { name: 'region', type: REGION },
    { name: 'stamp', type: F.amount },
    { name: 'feeAccount', type: F.address },
  ],
  /** Regulator: link two regions, or unlink them. */
  'market.link': [
    { name: 'a', type: REGION },
    { name: 'b', type: REGION },
    { name: 'connected', type: F.bool },
  ],
  /** Regulator: set the reserve account and its unit costs a (down) and a' (up). */
  'market.reserve': [
    { name: 'account', type: F.address },
    { name: 'downCost', type: F.amount },
    { name: 'upCost', type: F.amount },
  ],
  /** Credit agency: a participant's external score 0..1000, once per agency cycle. */
  'market.agency': [
    { name: 'account', type: F.address },
    { name: 'score', type: F.u32 },
  ],
  /** Anyone: report a suspected violation with the check's score and flags (market_check). */
  'market.report': [
    { name: 'account', type: F.address },
    { name: 'score', type: F.u32 },
    { name: 'flags', type: F.u32 },
    { name: 'note', type: F.text(200) },
  ],
  /** Regulator: confirm or dismiss an open report, with the reason published. */
  'market.rule': [
    { name: 'report', type: F.u32 },
    { name: 'confirm', type: F.bool },
    { name: 'reason', type: F.text(200) },
  ],
  /** Regulator: force a participant out; with `ban`, for good (its identity commitment too). */
  'market.expel': [
    { name: 'account', type: F.address },
    { name: 'ban', type: F.bool },
    { name: 'reason', type: F.text(200) },
  ],
};
