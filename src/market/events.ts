import { Field } from '../chain/module/schema.ts';
import { defineEvent } from '../chain/module/receipt.ts';

// Events of the listed-trading market, recorded in receipts in the order they happened.
// Amounts are µTES, quantities Wh, prices µTES/kWh.

/** An application for a role was filed. */
export const Registered = defineEvent('market.registered', { account: Field.address, role: Field.text(16) });
/** A validator approved or rejected an application. */
export const Reviewed = defineEvent('market.reviewed', { account: Field.address, approved: Field.bool });
/** µTES moved into (deposit) or out of an account's performance bond. */
export const BondMoved = defineEvent('market.bond', { account: Field.address, amount: Field.amount, deposit: Field.bool });
/** A listing was posted. */
export const Listed = defineEvent('market.listed', { listing: Field.u32, side: Field.text(4), period: Field.u32, wh: Field.amount, price: Field.amount });
/** The unpicked rest of a listing was withdrawn. */
export const Cancelled = defineEvent('market.cancelled', { listing: Field.u32, rest: Field.amount });
/** A trade formed: the buyer's escrow (energy + transmission fee) is locked. */
export const TradeFormed = defineEvent('market.tradeFormed', {
  trade: Field.u32,
  listing: Field.u32,
  seller: Field.address,
  buyer: Field.address,
  period: Field.u32,
  wh: Field.amount,
  price: Field.amount,
  energy: Field.amount,
  fee: Field.amount,
  escrow: Field.amount,
});
/** Dispatch curtailed part of a trade: escrow refunded to the buyer, FTR compensation paid. */
export const Curtailed = defineEvent('market.curtailed', { trade: Field.u32, wh: Field.amount, refund: Field.amount, ftrPaid: Field.amount });
/** A financial transmission right was bought. */
export const FtrBought = defineEvent('market.ftrBought', { period: Field.u32, from: Field.text(16), to: Field.text(16), wh: Field.amount, rate: Field.amount, premium: Field.amount });
/** A meter reported an account's Wh for a period. */
export const Metered = defineEvent('market.metered', { account: Field.address, period: Field.u32, wh: Field.amount });
/** A party rated its counterparty. */
export const Rated = defineEvent('market.rated', { trade: Field.u32, rated: Field.address, score: Field.u32 });
/** An account left the market; its bond came back. */
export const Exited = defineEvent('market.exited', { account: Field.address });
/** The credit agency posted an external score. */
export const AgencyScored = defineEvent('market.agencyScored', { account: Field.address, score: Field.u32 });
/** A violation report was filed. */
export const Reported = defineEvent('market.reported', { report: Field.u32, account: Field.address, score: Field.u32 });
/** The regulator ruled on a report. */
export const Ruled = defineEvent('market.ruled', { report: Field.u32, confirmed: Field.bool, bondTaken: Field.amount });
/** The regulator forced an account out (ban: for good). */
export const Expelled = defineEvent('market.expelled', { account: Field.address, ban: Field.bool });
/** The regulator changed the grid: a region, a link or the reserve. */
export const GridChanged = defineEvent('market.gridChanged', { what: Field.text(16), region: Field.text(16) });

/** Every market event type, for the module declaration. */
export const MARKET_EVENTS = [Registered, Reviewed, BondMoved, Listed, Cancelled, TradeFormed, Curtailed, FtrBought, Metered, Rated, Exited, AgencyScored, Reported, Ruled, Expelled, GridChanged];
