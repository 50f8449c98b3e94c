import { F } from '../chain/module/schema.ts';
import { defineEvent } from '../chain/module/receipt.ts';

// Events of the listed-trading market, recorded in receipts in the order they happened.
// Amounts are µTES, quantities Wh, prices µTES/kWh.

/** An application for a role was filed. */
export const Registered = defineEvent('market.registered', { account: F.address, role: F.text(16) });
/** A validator approved or rejected an application. */
export const Reviewed = defineEvent('market.reviewed', { account: F.address, approved: F.bool });
/** µTES moved into (deposit) or out of an account's performance bond. */
export const BondMoved = defineEvent('market.bond', { account: F.address, amount: F.amount, deposit: F.bool });
/** A listing was posted. */
export const Listed = defineEvent('market.listed', { listing: F.u32, side: F.text(4), period: F.u32, wh: F.amount, price: F.amount });
/** The unpicked rest of a listing was withdrawn. */
export const Cancelled = defineEvent('market.cancelled', { listing: F.u32, rest: F.amount });
/** A trade formed: the buyer's escrow (energy + transmission fee) is locked. */
export const TradeFormed = defineEvent('market.tradeFormed', {
  trade: F.u32,
  listing: F.u32,
  seller: F.address,
  buyer: F.address,
  period: F.u32,
  wh: F.amount,
  price: F.amount,
  energy: F.amount,
  fee: F.amount,
  escrow: F.amount,
});
/** Dispatch curtailed part of a trade: escrow refunded to the buyer, FTR compensation paid. */
export const Curtailed = defineEvent('market.curtailed', { trade: F.u32, wh: F.amount, refund: F.amount, ftrPaid: F.amount });
/** A financial transmission right was bought. */
export const FtrBought = defineEvent('market.ftrBought', { period: F.u32, from: F.text(16), to: F.text(16), wh: F.amount, rate: F.amount, premium: F.amount });
/** A meter reported an account's Wh for a period. */
export const Metered = defineEvent('market.metered', { account: F.address, period: F.u32, wh: F.amount });
/** A party rated its counterparty. */
export const Rated = defineEvent('market.rated', { trade: F.u32, rated: F.address, score: F.u32 });
/** An account left the market; its bond came back. */
export const Exited = defineEvent('market.exited', { account: F.address });
/** The credit agency posted an external score. */
export const AgencyScored = defineEvent('market.agencyScored', { account: F.address, score: F.u32 });
/** A violation report was filed. */
export const Reported = defineEvent('market.reported', { report: F.u32, account: F.address, score: F.u32 });
/** The regulator ruled on a report. */
export const Ruled = defineEvent('market.ruled', { report: F.u32, confirmed: F.bool, bondTaken: F.amount });
/** The regulator forced an account out (ban: for good). */
export const Expelled = defineEvent('market.expelled', { account: F.address, ban: F.bool });
/** The regulator changed the grid: a region, a link or the reserve. */
export const GridChanged = defineEvent('market.gridChanged', { what: F.text(16), region: F.text(16) });

/** Every market event type, for the module declaration. */
export const MARKET_EVENTS = [Registered, Reviewed, BondMoved, Listed, Cancelled, TradeFormed, Curtailed, FtrBought, Metered, Rated, Exited, AgencyScored, Reported, Ruled, Expelled, GridChanged];
