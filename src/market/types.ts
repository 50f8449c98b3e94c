/**
 * Market record types (docs/market.md). Amounts and energy are bigint (µTES, Wh, µTES/kWh);
 * ids, periods, heights and small counts are numbers below 2^32. Account ids are the
 * 20-byte ids addresses are made from.
 */

/** Roles an account may apply for. Authority roles come from the genesis instead. */
export const PARTICIPANT_ROLES = ['seller', 'buyer', 'chargePoint', 'storage'] as const;
/** A participant role. */
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * Lifecycle of an application (docs/credit.md, membership): pending → approved or
 * rejected; approved → exited (voluntary, or reclaimed when inactive), or exiting (forced
 * out: credit below exitCredit or a regulator's ruling; no new listings or picks) →
 * expelled once its open positions settle, or banned when the regulator banned its
 * identity commitment.
 */
export type ParticipantStatus = 'pending' | 'approved' | 'rejected' | 'exited' | 'exiting' | 'expelled' | 'banned';

/** Energy sources a sell-listing may name. */
export const ENERGY_SOURCES = ['solar', 'wind', 'hydro', 'biomass', 'geothermal', 'nuclear', 'gas', 'coal', 'oil', 'storage', 'mixed'] as const;

/** Credit levels from best to worst (docs/credit.md), with the lowest score of each. */
export const CREDIT_LEVELS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'C'] as const;
/** A credit level name. */
export type CreditLevel = (typeof CREDIT_LEVELS)[number];

/** A registered (or applying, rejected, exited) account. */
export interface Participant {
  readonly role: ParticipantRole;
  readonly status: ParticipantStatus;
  /** Home region: where a buyer takes delivery, where a seller's picks of buy-listings inject. */
  readonly region: string;
  /** SHA-256 commitment to the documents, which stay off chain. */
  readonly docHash: Uint8Array;
  /** Bit set of the document kinds stated (DOC_* in records/participant.ts). */
  readonly docFields: number;
  /** A seller's declared energy source and carbon intensity (g CO2/kWh); '' and 0 for other roles. */
  readonly source: string;
  readonly carbon: number;
  /** The validator's reason (required on rejection). */
  readonly reason: string;
  /** Height of the application, and of the last review (0 before one). */
  readonly appliedHeight: number;
  readonly reviewedHeight: number;
  /** Open listings plus unsettled trades; exit needs 0. */
  readonly open: number;
}

/** Which side posted a listing. */
export type ListingSide = 'sell' | 'buy';
/** Lifecycle of a listing. */
export type ListingStatus = 'open' | 'cancelled' | 'closed';

/** A posted sell- or buy-listing (挂牌). */
export interface Listing {
  readonly id: number;
  readonly side: ListingSide;
  readonly owner: Uint8Array;
  readonly period: number;
  /** Quantity posted (Wh), and what is still unpicked. */
  readonly wh: bigint;
  readonly rest: bigint;
  /** µTES per kWh. */
  readonly price: bigint;
  readonly region: string;
  /** Energy source and carbon intensity (g CO2/kWh); '' and 0 on buy-listings. */
  readonly source: string;
  readonly carbon: number;
  readonly status: ListingStatus;
  readonly height: number;
  readonly txIndex: number;
}

/** One region on a trade's route, with the stamp rate and fee account locked at formation. */
export interface RouteHop {
  readonly region: string;
  readonly stamp: bigint;
  readonly feeAccount: Uint8Array;
}

/** What settlement did with a trade (all µTES or Wh; deviations signed: + received from the reserve, − paid to it). */
export interface TradeSettlement {
  readonly executedWh: bigint;
  readonly energy: bigint;
  readonly fee: bigint;
  readonly refund: bigint;
  readonly buyerMeteredWh: bigint;
  readonly sellerMeteredWh: bigint;
  readonly buyerDeviation: bigint;
  readonly sellerDeviation: bigint;
  /** Of the deviation payments above, what was taken from a bond, and what stayed unpaid. */
  readonly fromBond: bigint;
  readonly unpaid: bigint;
}

/** A trade formed by a pick (摘牌) or a contract transfer. */
export interface Trade {
  readonly id: number;
  readonly period: number;
  readonly listing: number;
  readonly seller: Uint8Array;
  readonly buyer: Uint8Array;
  /** Contracted quantity (Wh) and how much of it dispatch curtailed. */
  readonly wh: bigint;
  readonly curtailed: bigint;
  /** Pick price, µTES per kWh. */
  readonly price: bigint;
  /** Cheapest route from the seller's region to the buyer's, end regions included. */
  readonly route: readonly RouteHop[];
  /** µTES held in escrow for this trade: energy + fee of the uncurtailed quantity. */
  readonly escrow: bigint;
  /** 0 for a pick, else the id of the curtailed trade this one was transferred from. */
  readonly origin: number;
  readonly height: number;
  readonly txIndex: number;
  readonly settlement: TradeSettlement | null;
  /** Ratings 1–5 given after settlement, 0 before: the buyer's of the seller and the reverse. */
  readonly ratingByBuyer: number;
  readonly ratingBySeller: number;
}

/** A region of the grid: its postage stamp (µTES/kWh) and the account its fees go to. */
export interface Region {
  readonly id: string;
  readonly stamp: bigint;
  readonly feeAccount: Uint8Array;
}

/** The region graph: regions sorted by id, undirected links as sorted pairs, sorted. */
export interface Network {
  readonly regions: readonly Region[];
  readonly links: ReadonlyArray<readonly [string, string]>;
}

/** The balancing reserve: `downCost` a (formula 2) and `upCost` a' (formula 3), µTES/kWh. */
export interface Reserve {
  readonly account: Uint8Array;
  readonly downCost: bigint;
  readonly upCost: bigint;
}

/** Market rules fixed by the genesis. */
export interface MarketConfig {
  /** Bond base amount (µTES); a level's requirement is base × percent / 100. */
  readonly bondBase: bigint;
  /** Percent of the base per level, AAA first, C last (7 entries). */
  readonly bondPercent: readonly number[];
  /** Listing and picking close this long before a period starts. */
  readonly gateClosureMs: number;
  /** Meter readings are taken until this long after a period ends; settlement follows. */
  readonly meterWindowMs: number;
  /** How many periods past the current one may be listed. */
  readonly maxPeriodsAhead: number;
  /** An FTR's premium: this percent of its most compensation, paid into the FTR pool. */
  readonly ftrPremiumPercent: number;
}

/** A financial transmission right: compensation `rate` µTES/kWh for up to `wh` curtailed Wh. */
export interface Ftr {
  readonly wh: bigint;
  readonly rate: bigint;
  readonly premium: bigint;
  readonly paid: bigint;
}

/** Running totals of value held by the market rather than by accounts. */
export interface MarketTotals {
  readonly escrow: bigint;
  readonly bonds: bigint;
  readonly ftrPool: bigint;
}
