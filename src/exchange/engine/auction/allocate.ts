import { buildClassNetwork, classCount, classIndex } from './classNetwork.ts';
import type { AuctionBook } from './auctionBook.ts';
import type { Fill } from '../types.ts';

/**
 * Who trades with whom at the clearing price `price`, where `volume` Wh can match.
 *
 * 1. Sells fill in priority order (price, then arrival), each as much as it can while
 *    the earlier ones keep their fills: the lexicographically greatest sell fills.
 * 2. Buys likewise in priority order (landed limit descending, then arrival), given the
 *    regions' totals from step 1. Both steps reach `volume`; in a flow network the best
 *    fills of each side can always be served together (Mendelsohn–Dulmage for flows).
 * 3. Each buy, in priority order, takes its Wh from its acceptable seller regions in
 *    landed order (stamp sum, then region id), as much from each as still lets every
 *    other buy be served: the lexicographically greatest region split.
 * 4. In each seller region its sells' fills meet the buys in priority order, first
 *    sell with first buy.
 * Steps 1 and 2 raise one capacity at a time and continue the flow; step 3 bounds each
 * share by a cut: buy j may take up to X_r + y_j + M − T from region r, where M is the
 * most that can flow without r and j and T all Wh still to place.
 */
export function allocate(book: AuctionBook, price: bigint, volume: bigint): Fill[] {
  const classOf = book.buys.map((_, j) => {
    const k = book.classOf(j, price);
    return k === 0 ? -1 : classIndex(book, book.buyRegionOf[j]!, k);
  });
  const classWh: bigint[] = new Array(classCount(book)).fill(0n);
  book.buys.forEach((o, j) => {
    if (classOf[j]! >= 0) classWh[classOf[j]!] = classWh[classOf[j]!]! + o.rest;
  });

  // 1. Sell fills.
  const sellFill: bigint[] = book.sells.map(() => 0n);
  const regionWh: bigint[] = book.sellRegions.map(() => 0n);
  {
    const c = buildClassNetwork(book, regionWh, classWh);
    let placed = 0n;
    for (let i = 0; i < book.sells.length && placed < volume && book.sells[i]!.price <= price; i++) {
      const r = book.sellRegionOf[i]!;
      c.net.raise(c.regionEdges[r]!, book.sells[i]!.rest);
      const got = c.net.augment(c.source, c.sink);
      sellFill[i] = got;
      regionWh[r] = regionWh[r]! + got;
      placed += got;
    }
  }

  // 2. Buy fills.
  const buyFill: bigint[] = book.buys.map(() => 0n);
  {
    const c = buildClassNetwork(book, regionWh, classWh.map(() => 0n));
    let placed = 0n;
    for (let j = 0; j < book.buys.length && placed < volume; j++) {
      if (classOf[j]! < 0) continue;
      c.net.raise(c.classEdges[classOf[j]!]!, book.buys[j]!.rest);
      const got = c.net.augment(c.source, c.sink);
      buyFill[j] = got;
      placed += got;
    }
  }

  // 3. Region split of each buy.
  const supplyLeft = [...regionWh];
  const classLeft: bigint[] = classWh.map(() => 0n);
  book.buys.forEach((_, j) => {
    if (buyFill[j]! > 0n) classLeft[classOf[j]!] = classLeft[classOf[j]!]! + buyFill[j]!;
  });
  let total = volume;
  const shares: Array<{ j: number; r: number; wh: bigint }> = [];
  book.buys.forEach((_, j) => {
    let want = buyFill[j]!;
    if (want === 0n) return;
    classLeft[classOf[j]!] = classLeft[classOf[j]!]! - want;
    const k = book.classOf(j, price);
    const regions = book.groups[book.buyRegionOf[j]!]!.slice(0, k).flatMap((g) => g.regions);
    let last = regions.length - 1;
    while (last > 0 && supplyLeft[regions[last]!] === 0n) last--;
    for (let n = 0; n <= last && want > 0n; n++) {
      const r = regions[n]!;
      const have = supplyLeft[r]!;
      if (have === 0n) continue;
      let take = have < want ? have : want;
      // The last region with supply left must take the rest; before it, the cut bounds it.
      if (n < last) {
        const c = buildClassNetwork(book, supplyLeft.map((s, i) => (i === r ? 0n : s)), classLeft);
        const bound = have + want + c.net.augment(c.source, c.sink) - total;
        if (bound < take) take = bound;
      }
      if (take <= 0n) continue;
      shares.push({ j, r, wh: take });
      supplyLeft[r] = have - take;
      want -= take;
      total -= take;
    }
    if (want !== 0n) throw new Error(`exchange auction: buy ${book.buys[j]!.id} could not be placed (allocation bug)`);
  });

  // 4. Pair sells with buys inside each seller region.
  const queues = book.sellRegions.map(() => [] as Array<{ i: number; left: bigint }>);
  book.sells.forEach((_, i) => {
    if (sellFill[i]! > 0n) queues[book.sellRegionOf[i]!]!.push({ i, left: sellFill[i]! });
  });
  const fills: Fill[] = [];
  for (const share of shares) {
    const queue = queues[share.r]!;
    const buy = book.buys[share.j]!;
    const stampSum = book.stamp(share.r, book.buyRegionOf[share.j]!)!;
    let want = share.wh;
    while (want > 0n) {
      const head = queue[0]!;
      const wh = head.left < want ? head.left : want;
      const sell = book.sells[head.i]!;
      fills.push({ sell: sell.id, buy: buy.id, sellOwner: sell.owner, buyOwner: buy.owner, wh, price, sellerRegion: sell.region, buyerRegion: buy.region, stampSum });
      head.left -= wh;
      want -= wh;
      if (head.left === 0n) queue.shift();
    }
  }
  return fills;
}
