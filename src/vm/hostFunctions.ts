/**
 * The host functions a contract may call (opcode HOST with the function's id): what the
 * chain exposes to a contract and what each call costs. This file is the declaration; the
 * chain implements `VmHost` against its typed market operations.
 *
 * Rules every implementation follows, so that two clients agree:
 * - A contract acts only as its **owner**: every action is the owner's own operation
 *   (same checks, same authority rules as the owner's transaction), never another
 *   account's, and money moves only as that operation moves it.
 * - Actions count against the **allowance** the owner set at deploy (µTES and Wh per
 *   period, see allowance.ts); a call that would exceed it is refused.
 * - Arguments are int64 values; a value out of the range an operation takes (a negative
 *   Wh, an unknown side) is refused, never clamped.
 * - A refusal is `throw new HostRefusal(code, message)`; the run stops with HOST_REFUSED
 *   and the chain rolls back everything the run did. Any other exception is a host bug.
 * - Reads see the state as the run has changed it so far (a pick shows in the book).
 * - Gas is constant per function and charged before the call.
 *
 * A contract's own storage and its logs are not host functions: they are VM instructions
 * (SGET/SSET through the VmStorage interface in storage.ts, LOG into the run's result), so
 * the language's storage_get, storage_set and log compile to those.
 */

/** One host function: stable id, name (as the contract language calls it), arguments, results, gas. */
export interface HostFunction {
  readonly id: number;
  readonly name: string;
  /** Argument names, in push order; the arity is their count. */
  readonly args: readonly string[];
  /** Result names, in push order (the last is on top of the stack). */
  readonly results: readonly string[];
  readonly gas: number;
  /** 'action' changes state (and counts against the allowance); 'read' does not. */
  readonly effect: 'read' | 'action';
}

/** Side argument: a sell offer (the owner sells) ... */
export const SIDE_SELL = 1n;
/** ... or a buy offer (the owner buys). */
export const SIDE_BUY = 2n;
/** Order time-in-force: good till cancelled (rests in the book until the period's gate). */
export const TIF_GTC = 1n;
/** Order time-in-force: immediate or cancel (fills what it can now, drops the rest). */
export const TIF_IOC = 2n;
/** Order time-in-force: fill or kill (fills entirely now, or not at all). */
export const TIF_FOK = 3n;
/** Order time-in-force: post only (refused if it would fill at once). */
export const TIF_POST_ONLY = 4n;

const read = <N extends string>(id: number, name: N, args: string[], results: string[], gas: number) => ({ id, name, args, results, gas, effect: 'read' as const });
const action = <N extends string>(id: number, name: N, args: string[], results: string[], gas: number) => ({ id, name, args, results, gas, effect: 'action' as const });

/** The host function table, by id. Ids are stable: a new function takes a new id. */
export const HOST_FUNCTIONS = [
  /** The current delivery period k: the one the block's timestamp falls in. */
  read(1, 'now_period', [], ['period'], 20),
  /** The height of the block the run is part of. */
  read(2, 'block_height', [], ['height'], 20),
  /** The block's timestamp, ms since the Unix epoch. */
  read(3, 'block_time', [], ['ms'], 20),
  /** Market status: the length of a delivery period, ms. */
  read(4, 'period_length', [], ['ms'], 20),
  /** Market status: the gate closure offset, ms; listing and picking for period k close at start(k) - this. */
  read(5, 'gate_closure', [], ['ms'], 20),
  /** The earliest period whose gate is still open at this block (the first one an action may name). */
  read(6, 'first_open_period', [], ['period'], 40),
  /** The latest period a listing may name now (the market's horizon). */
  read(7, 'last_open_period', [], ['period'], 40),
  /**
   * The number of open offers of `side` (SELL or BUY) for `period` as the owner sees them:
   * the owner's own listings are left out. Refused: a side other than SELL or BUY.
   */
  read(16, 'book_count', ['period', 'side'], ['count'], 200),
  /**
   * The offer at `index` (0-based, below book_count) of `side` for `period`, best first
   * from the owner's region. SELL offers rank by landed price ascending: price plus the
   * transmission fee per kWh on the cheapest route from the seller's region to the
   * owner's. BUY offers rank by price descending; their landed price is the price plus
   * the fee per kWh from the owner's region to the buyer's. Ties: lower id first.
   * Results: listing id, Wh left, landed price (µTES/kWh), energy price (µTES/kWh).
   * Refused: index out of range, bad side.
   */
  read(17, 'book_offer', ['period', 'side', 'index'], ['id', 'wh', 'landed', 'price'], 300),
  /** The owner's spendable balance, µTES. */
  read(24, 'balance', [], ['utes'], 50),
  /** The owner's performance bond, µTES. */
  read(25, 'bond', [], ['utes'], 50),
  /** The owner's composite credit score, 0..1000. */
  read(26, 'credit', [], ['score'], 50),
  /** The owner's metered Wh for `period` (delivered for a seller, consumed for a buyer); 0 when no reading. */
  read(27, 'metered', ['period'], ['wh'], 100),
  /** What is left of the owner's allowance for the current period: µTES, Wh. */
  read(28, 'allowance_left', [], ['utes', 'wh'], 50),
  /**
   * Posts a listing as the owner: `side` SELL (a sell-listing; source and carbon from the
   * owner's registration) or BUY, for `period`, `wh` Wh at `price` µTES/kWh, in the
   * owner's region. Counts `wh` (and for BUY the energy value) against the allowance.
   * Result: the new listing's id.
   */
  action(32, 'list', ['side', 'period', 'wh', 'price'], ['listing'], 5000),
  /** Cancels the unpicked rest of the owner's listing. Refused: not the owner's, closed. */
  action(33, 'cancel', ['listing'], [], 2000),
  /**
   * Picks `wh` Wh of listing `listing` as the owner (a trade forms; a buyer's escrow is
   * taken). Counts the Wh and the escrowed µTES against the allowance. Result: trade id.
   */
  action(34, 'pick', ['listing', 'wh'], ['trade'], 5000),
  /**
   * Places a real-time limit order as the owner: `side`, `period`, `wh`, `limit` (a
   * buyer's limit is a landed price, µTES/kWh), time-in-force `tif` (GTC, IOC, FOK,
   * POST_ONLY). Counts against the allowance like a pick. Result: the order id.
   */
  action(35, 'order', ['side', 'period', 'wh', 'limit', 'tif'], ['order'], 5000),
  /** Cancels the owner's resting order `order`. Refused: not the owner's, already done. */
  action(36, 'cancel_order', ['order'], [], 2000),
] as const satisfies readonly HostFunction[];

/** A host function's name. */
export type HostName = (typeof HOST_FUNCTIONS)[number]['name'];

/** Host function ids by name, for a host implementation's switch. */
export const HostId = Object.freeze(Object.fromEntries(HOST_FUNCTIONS.map((f) => [f.name, f.id]))) as Readonly<Record<HostName, number>>;

/** The table indexed by id (undefined: no such function). */
export const HOST_BY_ID: ReadonlyArray<HostFunction | undefined> = (() => {
  const t: Array<HostFunction | undefined> = [];
  for (const f of HOST_FUNCTIONS) t[f.id] = f;
  return t;
})();

/** The table by name, for the compiler. */
export const HOST_BY_NAME: ReadonlyMap<string, HostFunction> = new Map(HOST_FUNCTIONS.map((f) => [f.name as string, f as HostFunction]));

/**
 * What the chain gives a run: host function calls. `call` gets exactly the function's
 * arity of int64 arguments and returns exactly its number of results, each an int64.
 * It runs the owner's typed operations against the state of the run (so the chain can
 * checkpoint before the run and revert after a failed one) and throws HostRefusal to say
 * no. The VM has already charged the function's gas and checked the id.
 */
export interface VmHost {
  call(id: number, args: readonly bigint[]): readonly bigint[];
}
