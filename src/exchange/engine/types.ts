/**
 * The order and result types of tesnode's trading engine. Energy is in Wh, prices in
 * µTES per kWh, both bigint; ids, periods, heights and counters are numbers below 2^32.
 * The engine knows nothing of accounts or money: an owner is an opaque string the caller
 * chooses (an address), and a fill is what the caller turns into a trade with escrow.
 */

/** Which side of the market an order is on. */
export type Side = 'buy' | 'sell';

/**
 * How long an order may live on the continuous book: `gtc` rests until cancelled or the
 * book closes; `ioc` fills what it can at once and the rest is cancelled; `fok` fills
 * completely at once or is refused; `post-only` rests and is refused if it would match.
 */
export type TimeInForce = 'gtc' | 'ioc' | 'fok' | 'post-only';

/** Every time-in-force, for validation and generators. */
export const TIME_IN_FORCE: readonly TimeInForce[] = ['gtc', 'ioc', 'fok', 'post-only'];

/** The two books a period has: `c` the continuous book, `a` the call auction's. */
export type Venue = 'c' | 'a';

/**
 * Where an order arrived: the block height and the transaction's index in it. Arrivals
 * must come in non-decreasing order (the chain applies transactions in order); several
 * orders in one transaction keep the order in which they reach the engine.
 */
export interface Arrival {
  readonly height: number;
  readonly txIndex: number;
}

/**
 * Transmission between regions, supplied by the caller (the chain derives it from its
 * region graph and stamps). `stampSum(from, to)` is the sum of the stamp rates (µTES/kWh)
 * of every region on the cheapest route from the seller's region `from` to the buyer's
 * region `to`, both ends included, or null when no route leads there. A region unknown
 * to the grid has no route, not even to itself. Must be deterministic and pure.
 */
export interface FeeSchedule {
  stampSum(from: string, to: string): bigint | null;
}

/**
 * A new order for the continuous book. A buy's `price` is its landed limit (energy plus
 * transmission per kWh delivered to `region`); a sell's is the lowest energy price it
 * accepts for energy injected in `region`.
 */
export interface OrderInput {
  readonly period: number;
  readonly side: Side;
  readonly owner: string;
  readonly region: string;
  readonly wh: bigint;
  readonly price: bigint;
  readonly tif: TimeInForce;
  readonly arrival: Arrival;
}

/** A new order for a period's call auction: no time-in-force, it waits for the clearing. */
export type CallOrderInput = Omit<OrderInput, 'tif'>;

/** An order resting on a book, as queries and removals report it. */
export interface BookOrder {
  readonly id: number;
  readonly period: number;
  readonly venue: Venue;
  readonly side: Side;
  readonly owner: string;
  readonly region: string;
  readonly price: bigint;
  /** Wh not yet filled. */
  readonly rest: bigint;
  /** `gtc` or `post-only` on the continuous book; `gtc` in a call auction. */
  readonly tif: TimeInForce;
  readonly height: number;
  readonly txIndex: number;
  /** Position in the engine's arrival sequence: time priority, unique. */
  readonly seq: number;
}

/**
 * One match between a sell and a buy: `wh` at the energy price `price` (µTES/kWh). The
 * buyer pays energy plus transmission over the route from `sellerRegion` to
 * `buyerRegion`, whose stamp rates add up to `stampSum`.
 */
export interface Fill {
  readonly sell: number;
  readonly buy: number;
  readonly sellOwner: string;
  readonly buyOwner: string;
  readonly wh: bigint;
  readonly price: bigint;
  readonly sellerRegion: string;
  readonly buyerRegion: string;
  readonly stampSum: bigint;
}

/** A fill on the continuous book, with the resting order (maker) and the incoming one (taker). */
export interface BookFill extends Fill {
  readonly maker: number;
  readonly taker: number;
}

/** An order that left a book without (fully) filling, and the Wh it still had. */
export interface RemovedOrder {
  readonly id: number;
  readonly owner: string;
  readonly side: Side;
  readonly region: string;
  readonly price: bigint;
  readonly rest: bigint;
}

/** What placing (or re-placing, after an amend) an order on the continuous book did. */
export interface PlaceResult {
  readonly id: number;
  /** In the order they happened. */
  readonly fills: readonly BookFill[];
  /** Wh left resting on the book (0 when nothing rests). */
  readonly rested: bigint;
  /** Wh of this order neither filled nor resting: the unfilled rest of an ioc. */
  readonly cancelled: bigint;
  /** The owner's own resting orders that this order reached and removed (self-trade prevention). */
  readonly expired: readonly RemovedOrder[];
}

/** What an amend did: kept the order's place (a pure reduction), or re-placed it. */
export interface AmendResult extends PlaceResult {
  readonly keptPriority: boolean;
}

/** The outcome of a call auction. */
export interface AuctionResult {
  /** The uniform energy price (µTES/kWh), or null when no sell and buy can meet. */
  readonly price: bigint | null;
  /** Wh matched. */
  readonly volume: bigint;
  readonly fills: readonly Fill[];
  /** Every order of the auction with Wh left over, in arrival order; all leave the book. */
  readonly unfilled: readonly RemovedOrder[];
}
