import { bookKey, priceOfKey, type BookStore, type LevelRecord, type OrderRecord } from './bookStore.ts';
import { bookRegions, requireOrder } from './bookQueue.ts';
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
  const cursors: BookCursor[] = [];
  for (const region of bookRegions(store, taker.period, 'c', makerSide)) {
    const stamp = taker.side === 'buy' ? fees.stampSum(region, taker.region) : fees.stampSum(taker.region, region);
    if (stamp === null) continue;
    const c = new BookCursor(store, bookKey(taker.period, 'c', makerSide, region), makerSide, stamp);
    if (c.order) cursors.push(c);
  }
  const takes: PlannedTake[] = [];
  const expired: OrderRecord[] = [];
  let remaining = want;
  let crosses: boolean | undefined;
  while (remaining > 0n) {
    let best: BookCursor | undefined;
    for (const c of cursors) {
      if (c.order && (!best || c.score < best.score || (c.score === best.score && c.order.seq < best.order!.seq))) best = c;
    }
    const crossing = best !== undefined && best.score <= limitScore;
    crosses ??= crossing;
    if (!crossing) break;
    const maker = best!.order!;
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

/** Walks one book's orders in priority order: levels best first, each level's FIFO. */
class BookCursor {
  readonly stamp: bigint;
  order: OrderRecord | undefined;
  score = 0n;
  private readonly store: BookStore;
  private readonly book: string;
  private readonly side: Side;
  private readonly ladder: LadderCursor;

  constructor(store: BookStore, book: string, side: Side, stamp: bigint) {
    this.store = store;
    this.book = book;
    this.side = side;
    this.stamp = stamp;
    this.ladder = new LadderCursor(store, book);
    this.loadLevel();
  }

  /** Moves past the current order. */
  nextOrder(): void {
    const next = this.order!.next;
    if (next !== 0) {
      this.order = requireOrder(this.store, next);
      return;
    }
    this.ladder.advance();
    this.loadLevel();
  }

  private loadLevel(): void {
    const key = this.ladder.key;
    if (key === undefined) {
      this.order = undefined;
      return;
    }
    const levelKey = `${this.book}/${priceOfKey(this.side, key)}`;
    const level: LevelRecord | undefined = this.store.get('level', levelKey);
    if (!level) throw new Error(`exchange store: level ${levelKey} is in the ladder but missing`);
    this.order = requireOrder(this.store, level.head);
    this.score = key + this.stamp;
  }
}
