/**
 * A reference call auction for differential tests, by brute force from the rules in
 * docs/exchange.md: every integer price is tried; the Wh that can match at a price is
 * the minimum cut over every subset of sells (max-flow min-cut); the allocation is the
 * best of every integer matrix of sell-to-buy Wh. Only for a handful of small orders.
 */
import type { FeeSchedule, Side } from '../../../src/exchange/engine/index.ts';

export interface RefAuctionOrder {
  id: number;
  owner: string;
  side: Side;
  region: string;
  price: bigint;
  wh: bigint;
  seq: number;
}

export interface RefAuctionFill {
  sell: number;
  buy: number;
  wh: bigint;
  price: bigint;
  sellerRegion: string;
  buyerRegion: string;
  stampSum: bigint;
}

/** Sells by priority: price ascending, then arrival. */
export function sellPriority(orders: readonly RefAuctionOrder[]): RefAuctionOrder[] {
  return orders.filter((o) => o.side === 'sell').sort((a, b) => (a.price !== b.price ? (a.price < b.price ? -1 : 1) : a.seq - b.seq));
}

/** Buys by priority: landed limit descending, then arrival. */
export function buyPriority(orders: readonly RefAuctionOrder[]): RefAuctionOrder[] {
  return orders.filter((o) => o.side === 'buy').sort((a, b) => (a.price !== b.price ? (a.price > b.price ? -1 : 1) : a.seq - b.seq));
}

/** Whether `buy` takes energy from `sell` at uniform energy price p. */
export function accepts(fees: FeeSchedule, sell: RefAuctionOrder, buy: RefAuctionOrder, p: bigint): boolean {
  const s = fees.stampSum(sell.region, buy.region);
  return sell.price <= p && s !== null && p + s <= buy.price;
}

/**
 * Most Wh that can match at p among `sells` and `buys`: the smallest cut. A cut keeps a
 * set A of sells on the source side: it pays every sell outside A and every buy that a
 * sell in A reaches.
 */
export function bruteVolume(fees: FeeSchedule, sells: readonly RefAuctionOrder[], buys: readonly RefAuctionOrder[], p: bigint): bigint {
  let best: bigint | undefined;
  for (let mask = 0; mask < 1 << sells.length; mask++) {
    let cut = 0n;
    sells.forEach((s, i) => {
      if (!(mask & (1 << i))) cut += s.wh;
    });
    for (const b of buys) if (sells.some((s, i) => mask & (1 << i) && accepts(fees, s, b, p))) cut += b.wh;
    if (best === undefined || cut < best) best = cut;
  }
  return best ?? 0n;
}

/** The clearing price by trying every price from 0 to maxPrice. */
export function bruteClearing(fees: FeeSchedule, orders: readonly RefAuctionOrder[], previous: bigint | null, maxPrice: bigint): { price: bigint; volume: bigint } | null {
  const sells = sellPriority(orders);
  const buys = buyPriority(orders);
  const sellRegions = [...new Set(sells.map((s) => s.region))];
  let best: { price: bigint; volume: bigint; imbalance: bigint; distance: bigint } | undefined;
  for (let p = 0n; p <= maxPrice; p++) {
    const volume = bruteVolume(fees, sells, buys, p);
    if (volume === 0n) continue;
    let supply = 0n;
    for (const s of sells) if (s.price <= p) supply += s.wh;
    let demand = 0n;
    for (const b of buys) {
      if (sellRegions.some((r) => {
        const st = fees.stampSum(r, b.region);
        return st !== null && p + st <= b.price;
      })) demand += b.wh;
    }
    const imbalance = abs(demand - supply);
    const distance = previous === null ? 0n : abs(p - previous);
    if (!best || volume > best.volume || (volume === best.volume && (imbalance < best.imbalance || (imbalance === best.imbalance && distance < best.distance)))) {
      best = { price: p, volume, imbalance, distance };
    }
  }
  return best ? { price: best.price, volume: best.volume } : null;
}

/**
 * The allocation at price p by enumerating every matrix F[sell][buy] of Wh on accepting
 * pairs, keeping the one whose (total, sell fills in sell priority, buy fills in buy
 * priority, each buy's Wh per seller region in landed order) is lexicographically
 * greatest, then pairing sells and buys in priority order inside each seller region.
 */
export function bruteAllocation(fees: FeeSchedule, orders: readonly RefAuctionOrder[], p: bigint): RefAuctionFill[] {
  const sells = sellPriority(orders);
  const buys = buyPriority(orders);
  const regionsFor = (b: RefAuctionOrder) =>
    [...new Set(sells.map((s) => s.region))]
      .filter((r) => fees.stampSum(r, b.region) !== null)
      .sort((x, y) => {
        const a = fees.stampSum(x, b.region)!;
        const c = fees.stampSum(y, b.region)!;
        return a !== c ? (a < c ? -1 : 1) : x < y ? -1 : 1;
      });
  const pairs: Array<[number, number]> = [];
  sells.forEach((s, i) => buys.forEach((b, j) => accepts(fees, s, b, p) && pairs.push([i, j])));
  const f: bigint[] = pairs.map(() => 0n);
  const rowLeft = sells.map((s) => s.wh);
  const colLeft = buys.map((b) => b.wh);
  let bestKey: bigint[] | undefined;
  let bestF: bigint[] = [];
  const keyOf = (): bigint[] => {
    const x = sells.map((_, i) => pairs.reduce((acc, [a], k) => (a === i ? acc + f[k]! : acc), 0n));
    const y = buys.map((_, j) => pairs.reduce((acc, [, b], k) => (b === j ? acc + f[k]! : acc), 0n));
    const g = buys.flatMap((b, j) => regionsFor(b).map((r) => pairs.reduce((acc, [i, jj], k) => (jj === j && sells[i]!.region === r ? acc + f[k]! : acc), 0n)));
    return [x.reduce((a, v) => a + v, 0n), ...x, ...y, ...g];
  };
  const walk = (k: number): void => {
    if (k === pairs.length) {
      const key = keyOf();
      if (!bestKey || greater(key, bestKey)) {
        bestKey = key;
        bestF = [...f];
      }
      return;
    }
    const [i, j] = pairs[k]!;
    const most = rowLeft[i]! < colLeft[j]! ? rowLeft[i]! : colLeft[j]!;
    for (let v = 0n; v <= most; v++) {
      f[k] = v;
      rowLeft[i] = rowLeft[i]! - v;
      colLeft[j] = colLeft[j]! - v;
      walk(k + 1);
      rowLeft[i] = rowLeft[i]! + v;
      colLeft[j] = colLeft[j]! + v;
    }
    f[k] = 0n;
  };
  walk(0);
  // Pair inside each seller region: its sells in priority order meet the buys in priority order.
  const sellLeft = sells.map((_, i) => pairs.reduce((acc, [a], k) => (a === i ? acc + bestF[k]! : acc), 0n));
  const fills: RefAuctionFill[] = [];
  buys.forEach((b, j) => {
    for (const r of regionsFor(b)) {
      let want = pairs.reduce((acc, [i, jj], k) => (jj === j && sells[i]!.region === r ? acc + bestF[k]! : acc), 0n);
      for (let i = 0; i < sells.length && want > 0n; i++) {
        if (sells[i]!.region !== r || sellLeft[i] === 0n) continue;
        const wh = sellLeft[i]! < want ? sellLeft[i]! : want;
        fills.push({ sell: sells[i]!.id, buy: b.id, wh, price: p, sellerRegion: r, buyerRegion: b.region, stampSum: fees.stampSum(r, b.region)! });
        sellLeft[i] = sellLeft[i]! - wh;
        want -= wh;
      }
    }
  });
  return fills;
}

function greater(a: readonly bigint[], b: readonly bigint[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}
