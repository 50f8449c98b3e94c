import { bookKey, priceOfKey, type BookStore, type LevelRecord, type OrderRecord } from './bookStore.ts';
import { bookTops, requireOrder } from './bookQueue.ts';
import { LadderCursor } from './ladder.ts';
import type { FeeSchedule, Side } from './types.ts';

/** The incoming order as matching sees it. */
export interface Taker {
  readonly period: number;
  readonly side: Side;
  readonly owner: string;
  readonly region: string;
  /** A buy's landed limit, a sell's lowest energy price. */
  readonly price: bigint;
}

/** One resting order the taker would trade with, at the maker's energy price. */
export interface PlannedTake {
  readonly maker: OrderRecord;
  readonly wh: bigint;
  readonly price: bigint;
  readonly stampSum: bigint;
}

/** What matching a taker against the book would do; nothing is written yet. */
export interface MatchPlan {
  readonly takes: readonly PlannedTake[];
  /** The taker's own resting orders it reaches, in the order reached (self-trade prevention). */
  readonly expired: readonly OrderRecord[];
  readonly filled: bigint;
  /** Whether the best opposite order, whoever owns it, crosses the taker's limit. */
  readonly crosses: boolean;
}

/**
 * Plans the matching of an incoming order, reading the book without writing, so that
 * fok and post-only can be refused before anything changes.
 *
 * Both sides rank resting orders by one score, lower first: ladder key + stamp sum of
 * the route. A resting sell from region r scores price + stampSum(r → taker's region),
 * its landed cost for the buyer. A resting buy in region b scores −(limit −
 * stampSum(taker's region → b)), minus the energy price it offers the seller. Ties go
 * to the earliest arrival. The taker trades with the best-scoring order while that
 * order crosses its limit: a buy's landed limit, or minus a sell's energy limit.
 * Regions with no route to or from the taker's region are never looked at.
 */
export function planMatch(store: BookStore, fees: FeeSchedule, taker: Taker, want: bigint): MatchPlan {
  const makerSide: Side = taker.side === 'buy' ? 'sell' : 'buy';
  const limitScore = taker.side === 'buy' ? taker.price : -taker.price;
  const tops = bookTops(store, taker.period, 'c', makerSide);
  const stamps = tops.map((t) => (taker.side === 'buy' ? fees.stampSum(t.region, taker.region) : fees.stampSum(taker.region, t.region)));
  // Most orders cross nothing: settle that from the tops alone.
  if (!tops.some((t, i) => stamps[i] !== null && t.best + stamps[i]! <= limitScore)) return { takes: [], expired: [], filled: 0n, crosses: false };
  const cursors: BookCursor[] = [];
  tops.forEach((t, i) => {
    if (stamps[i] !== null) cursors.push(new BookCursor(store, bookKey(taker.period, 'c', makerSide, t.region), makerSide, stamps[i]!, t.best));
  });
  const takes: PlannedTake[] = [];
  const expired: OrderRecord[] = [];
  let remaining = want;
  let crosses: boolean | undefined;
  while (remaining > 0n) {
    let best: BookCursor | undefined;
    for (const c of cursors) {
      if (c.done) continue;
      // Only a tie on score needs the orders themselves (their arrival).
      if (!best || c.score < best.score || (c.score === best.score && c.order().seq < best.order().seq)) best = c;
    }
    const crossing = best !== undefined && best.score <= limitScore;
    crosses ??= crossing;
    if (!crossing) break;
    const maker = best!.order();
    if (maker.owner === taker.owner) {
      expired.push(maker);
      best!.nextOrder();
      continue;
    }
    const wh = remaining < maker.rest ? remaining : maker.rest;
    // A sell maker trades at its price; a buy maker at its landed limit less the route's
    // stamps, so the buyer pays exactly its limit per kWh.
    const price = makerSide === 'sell' ? maker.price : maker.price - best!.stamp;
    takes.push({ maker, wh, price, stampSum: best!.stamp });
    remaining -= wh;
    if (wh === maker.rest) best!.nextOrder();
  }
  return { takes, expired, filled: want - remaining, crosses: crosses ?? false };
}

/**
 * Walks one book's orders in priority order: levels best first, each level's FIFO. It
 * starts from the book's best key (from the tops record), reads a level's orders only
 * when they are needed, and the ladder only when it moves past the best level, so a
 * taker that crosses nothing reads no book record at all.
 */
class BookCursor {
  readonly stamp: bigint;
  /** Ladder key + stamp of the current level. */
  score: bigint;
  /** Past the last order. */
  done = false;
  private readonly store: BookStore;
  private readonly book: string;
  private readonly side: Side;
  private key: bigint;
  private ladder: LadderCursor | undefined;
  private current: OrderRecord | undefined;

  constructor(store: BookStore, book: string, side: Side, stamp: bigint, best: bigint) {
    this.store = store;
    this.book = book;
    this.side = side;
    this.stamp = stamp;
    this.key = best;
    this.score = best + stamp;
  }

  /** The current order (the cursor must not be done). */
  order(): OrderRecord {
    if (this.current) return this.current;
    const levelKey = `${this.book}/${priceOfKey(this.side, this.key)}`;
    const level: LevelRecord | undefined = this.store.get('level', levelKey);
    if (!level) throw new Error(`exchange store: level ${levelKey} is in the ladder but missing`);
    return (this.current = requireOrder(this.store, level.head));
  }

  /** Moves past the current order. */
  nextOrder(): void {
    const next = this.order().next;
    if (next !== 0) {
      this.current = requireOrder(this.store, next);
      return;
    }
    // The ladder cursor starts at the best key, which is where this cursor started.
    this.ladder ??= new LadderCursor(this.store, this.book);
    this.ladder.advance();
    this.current = undefined;
    const key = this.ladder.key;
    if (key === undefined) this.done = true;
    else {
      this.key = key;
      this.score = key + this.stamp;
    }
  }
}
