import type { BookOrder, FeeSchedule } from '../types.ts';

/** Seller regions that reach one buyer region at the same stamp sum. */
export interface StampGroup {
  readonly stamp: bigint;
  /** Indexes into AuctionBook.sellRegions, ascending. */
  readonly regions: readonly number[];
}

/**
 * A call auction's orders arranged for clearing: sells by priority (price ascending,
 * then arrival), buys by priority (landed limit descending, then arrival), and for each
 * buyer region the seller regions that reach it grouped by stamp sum, cheapest first.
 *
 * At a price P a buy with landed limit L in region b accepts the seller regions whose
 * stamp sum s satisfies P + s <= L: always a cheapest-first prefix of b's groups. Buys
 * of one region that accept the same prefix are interchangeable for clearing; they form
 * the buyer class (b, k), k the number of groups accepted.
 */
export class AuctionBook {
  readonly sells: readonly BookOrder[];
  readonly buys: readonly BookOrder[];
  readonly sellRegions: readonly string[];
  readonly buyRegions: readonly string[];
  /** Per buyer region (same index as buyRegions): its stamp groups, cheapest first. */
  readonly groups: ReadonlyArray<readonly StampGroup[]>;
  /** For each sell, the index of its region in sellRegions; for each buy, in buyRegions. */
  readonly sellRegionOf: readonly number[];
  readonly buyRegionOf: readonly number[];
  /** Larger than any volume: the capacity of edges that must never limit a flow. */
  readonly unlimited: bigint;
  private readonly stamps: ReadonlyArray<ReadonlyArray<bigint | null>>;
  // Per seller region: prices ascending with running Wh sums; per buyer region: limits
  // descending with running Wh sums; and every buy's highest acceptable price.
  private readonly sellPrices: bigint[][];
  private readonly sellSums: bigint[][];
  private readonly buyPrices: bigint[][];
  private readonly buySums: bigint[][];
  private readonly reachDesc: bigint[];
  private readonly reachSums: bigint[];

  constructor(orders: readonly BookOrder[], fees: FeeSchedule) {
    this.sells = orders.filter((o) => o.side === 'sell').sort((a, b) => cmp(a.price, b.price) || a.seq - b.seq);
    this.buys = orders.filter((o) => o.side === 'buy').sort((a, b) => cmp(b.price, a.price) || a.seq - b.seq);
    this.sellRegions = [...new Set(this.sells.map((o) => o.region))].sort();
    this.buyRegions = [...new Set(this.buys.map((o) => o.region))].sort();
    this.sellRegionOf = this.sells.map((o) => this.sellRegions.indexOf(o.region));
    this.buyRegionOf = this.buys.map((o) => this.buyRegions.indexOf(o.region));
    this.stamps = this.sellRegions.map((r) => this.buyRegions.map((b) => fees.stampSum(r, b)));
    this.groups = this.buyRegions.map((_, bi) => {
      const byStamp = new Map<bigint, number[]>();
      this.sellRegions.forEach((_, ri) => {
        const s = this.stamps[ri]![bi]!;
        if (s !== null) (byStamp.get(s) ?? byStamp.set(s, []).get(s)!).push(ri);
      });
      return [...byStamp.entries()].sort((x, y) => cmp(x[0], y[0])).map(([stamp, regions]) => ({ stamp, regions }));
    });
    let all = 1n;
    for (const o of orders) all += o.rest;
    this.unlimited = all;
    this.sellPrices = this.sellRegions.map(() => []);
    this.sellSums = this.sellRegions.map(() => [0n]);
    this.sells.forEach((o, i) => {
      const r = this.sellRegionOf[i]!;
      this.sellPrices[r]!.push(o.price);
      this.sellSums[r]!.push(this.sellSums[r]!.at(-1)! + o.rest);
    });
    this.buyPrices = this.buyRegions.map(() => []);
    this.buySums = this.buyRegions.map(() => [0n]);
    this.buys.forEach((o, j) => {
      const b = this.buyRegionOf[j]!;
      this.buyPrices[b]!.push(o.price);
      this.buySums[b]!.push(this.buySums[b]!.at(-1)! + o.rest);
    });
    const reach = this.buys
      .map((o, j) => ({ reach: this.reachOf(j), wh: o.rest }))
      .filter((x): x is { reach: bigint; wh: bigint } => x.reach !== null)
      .sort((x, y) => cmp(y.reach, x.reach));
    this.reachDesc = reach.map((x) => x.reach);
    this.reachSums = [0n];
    for (const x of reach) this.reachSums.push(this.reachSums.at(-1)! + x.wh);
  }

  /** Stamp sum from seller region ri to buyer region bi, or null without a route. */
  stamp(ri: number, bi: number): bigint | null {
    return this.stamps[ri]![bi]!;
  }

  /** The highest price at which buy j accepts some seller region (null: none reaches it). */
  reachOf(j: number): bigint | null {
    const g = this.groups[this.buyRegionOf[j]!]![0];
    return g ? this.buys[j]!.price - g.stamp : null;
  }

  /** How many of its buyer region's stamp groups buy j accepts at price p (0: none). */
  classOf(j: number, p: bigint): number {
    const gs = this.groups[this.buyRegionOf[j]!]!;
    let k = 0;
    while (k < gs.length && p + gs[k]!.stamp <= this.buys[j]!.price) k++;
    return k;
  }

  /** Wh offered by seller region ri at price p: sells priced at or below p. */
  supply(ri: number, p: bigint): bigint {
    const prices = this.sellPrices[ri]!;
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prices[mid]! <= p) lo = mid + 1;
      else hi = mid;
    }
    return this.sellSums[ri]![lo]!;
  }

  /** Wh offered at price p by all sellers. */
  totalSupply(p: bigint): bigint {
    let s = 0n;
    for (let ri = 0; ri < this.sellRegions.length; ri++) s += this.supply(ri, p);
    return s;
  }

  /** Wh of buyer region bi's buys whose landed limit is at least x. */
  demandAtLeast(bi: number, x: bigint): bigint {
    return this.buySums[bi]![countAtLeast(this.buyPrices[bi]!, x)]!;
  }

  /** Wh of all buys that accept some seller region at price p. */
  totalDemand(p: bigint): bigint {
    return this.reachSums[countAtLeast(this.reachDesc, p)]!;
  }

  /**
   * Every price, at least 0, at which some buy stops accepting some seller region: the
   * prices L − s. Above one of them an edge of the clearing network disappears; between
   * two of them only sells join. Ascending, without repeats.
   */
  thresholds(): bigint[] {
    const out = new Set<bigint>();
    this.buys.forEach((o, j) => {
      for (const g of this.groups[this.buyRegionOf[j]!]!) {
        const t = o.price - g.stamp;
        if (t >= 0n) out.add(t);
      }
    });
    return [...out].sort(cmp);
  }

  /** Distinct sell prices, ascending. */
  sellPriceList(): bigint[] {
    return [...new Set(this.sells.map((o) => o.price))].sort(cmp);
  }
}

/** How many entries of a descending list are at least x. */
function countAtLeast(desc: readonly bigint[], x: bigint): number {
  let lo = 0;
  let hi = desc.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (desc[mid]! >= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ascending order of bigints as a sort comparator. */
export function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
