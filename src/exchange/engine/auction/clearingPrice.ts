import { volumeAt } from './classNetwork.ts';
import type { AuctionBook } from './auctionBook.ts';

/** The price a call auction clears at and the Wh it matches there. */
export interface Clearing {
  readonly price: bigint;
  readonly volume: bigint;
}

/**
 * The uniform energy price of a call auction, by these rules in turn:
 * 1. the most Wh matched (V(P), the maximum flow at P);
 * 2. the smallest imbalance |D(P) − S(P)|, where S(P) is the Wh of sells priced at or
 *    below P and D(P) the Wh of buys that accept some seller region at P;
 * 3. the price nearest `previous` (the last clearing price), when there is one;
 * 4. the lower price.
 * Null when nothing can match. Exact: every candidate is found by integer search.
 *
 * Why it is exact. Raising P lets more sells in and takes edges away (a buy stops
 * accepting a region once P + s > L). So V is constant between the prices where it
 * can change, and nondecreasing on each stretch [t' + 1, t] between consecutive edge
 * thresholds t' < t (AuctionBook.thresholds). The most Wh is therefore reached at a
 * threshold; on each stretch whose threshold reaches it, the prices that reach it are
 * [p, t] with p found by binary search over the sell prices in the stretch. On each such
 * interval D − S is nonincreasing, so rule 2's best prices are an interval found by
 * binary search too, and rules 3 and 4 pick one point of it.
 */
export function findClearing(book: AuctionBook, previous: bigint | null): Clearing | null {
  const ts = book.thresholds();
  const volumes = new Map<bigint, bigint>();
  const volume = (p: bigint): bigint => {
    let v = volumes.get(p);
    if (v === undefined) volumes.set(p, (v = volumeAt(book, p)));
    return v;
  };
  // min(S, D) bounds V from above and costs no flow: compute flows best bound first.
  const bounded = ts.map((t) => ({ t, bound: min(book.totalSupply(t), book.totalDemand(t)) })).sort((a, b) => (a.bound < b.bound ? 1 : a.bound > b.bound ? -1 : 0));
  let most = 0n;
  for (const { t, bound } of bounded) {
    if (bound <= most) break;
    const v = volume(t);
    if (v > most) most = v;
  }
  if (most === 0n) return null;
  const reachers = new Set(bounded.filter((x) => x.bound >= most && volume(x.t) === most).map((x) => x.t));
  const sellPrices = book.sellPriceList();
  const f = (p: bigint) => book.totalDemand(p) - book.totalSupply(p);
  let best: { price: bigint; imbalance: bigint; distance: bigint } | undefined;
  ts.forEach((t, k) => {
    if (!reachers.has(t)) return;
    const start = k === 0 ? 0n : ts[k - 1]! + 1n;
    // V changes inside the stretch only where a sell price is; the first of these (or
    // the stretch's start) with V = most begins the interval.
    const starts = [start, ...sellPrices.filter((a) => a > start && a <= t)];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (volume(starts[mid]!) === most) hi = mid;
      else lo = mid + 1;
    }
    const pick = pickInInterval(f, starts[lo]!, t, previous);
    if (!best || pick.imbalance < best.imbalance || (pick.imbalance === best.imbalance && (pick.distance < best.distance || (pick.distance === best.distance && pick.price < best.price)))) best = pick;
  });
  return { price: best!.price, volume: most };
}

/**
 * On [lo, hi], where f is nonincreasing: the prices with the smallest |f| form an
 * interval [u, v]; of those, the one nearest `previous` (or u without one).
 */
function pickInInterval(f: (p: bigint) => bigint, lo: bigint, hi: bigint, previous: bigint | null): { price: bigint; imbalance: bigint; distance: bigint } {
  const p0 = firstWhere(lo, hi, (p) => f(p) <= 0n);
  let m: bigint;
  if (p0 === null) m = f(hi);
  else if (p0 === lo) m = -f(lo);
  else m = min(f(p0 - 1n), -f(p0));
  const u = firstWhere(lo, hi, (p) => f(p) <= m)!;
  const v = lastWhere(lo, hi, (p) => f(p) >= -m)!;
  const price = previous === null ? u : previous < u ? u : previous > v ? v : previous;
  const distance = previous === null ? 0n : abs(price - previous);
  return { price, imbalance: m, distance };
}

/** Smallest p in [lo, hi] with pred(p), pred false then true; null if never true. */
function firstWhere(lo: bigint, hi: bigint, pred: (p: bigint) => boolean): bigint | null {
  if (!pred(hi)) return null;
  while (lo < hi) {
    const mid = (lo + hi) >> 1n;
    if (pred(mid)) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}

/** Largest p in [lo, hi] with pred(p), pred true then false; null if never true. */
function lastWhere(lo: bigint, hi: bigint, pred: (p: bigint) => boolean): bigint | null {
  if (!pred(lo)) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1n) >> 1n;
    if (pred(mid)) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}
