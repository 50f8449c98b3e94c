import { FlowNetwork } from './flowNetwork.ts';
import type { AuctionBook } from './auctionBook.ts';

/** A clearing network: source → seller regions → buyer classes → sink. */
export interface ClassNetwork {
  readonly net: FlowNetwork;
  readonly source: number;
  readonly sink: number;
  /** Edge source → seller region, by region index. */
  readonly regionEdges: readonly number[];
  /** Edge class → sink, by class index (see classIndex). */
  readonly classEdges: readonly number[];
}

/**
 * Index of buyer class (bi, k), k >= 1 the number of stamp groups its buys accept, in
 * the flat list of classes: buyer regions in order, k ascending within each.
 */
export function classIndex(book: AuctionBook, bi: number, k: number): number {
  let i = 0;
  for (let b = 0; b < bi; b++) i += book.groups[b]!.length;
  return i + k - 1;
}

/** How many buyer classes the book has. */
export function classCount(book: AuctionBook): number {
  let n = 0;
  for (const g of book.groups) n += g.length;
  return n;
}

/**
 * Builds the network with the given capacities on the source and sink edges. Class
 * (bi, k) must receive from every seller region of bi's first k stamp groups; rather
 * than an edge from each of those regions (R² edges per buyer region), the classes of a
 * buyer region form a chain: group g's regions feed class g, and class k passes on to
 * class k + 1 without limit, so a region of group g reaches exactly the classes k >= g.
 * Capacities may be zero and raised later.
 */
export function buildClassNetwork(book: AuctionBook, regionCaps: readonly bigint[], classCaps: readonly bigint[]): ClassNetwork {
  const net = new FlowNetwork();
  const source = net.addNode();
  const sink = net.addNode();
  const regionNodes = book.sellRegions.map(() => net.addNode());
  const regionEdges = regionNodes.map((node, ri) => net.addEdge(source, node, regionCaps[ri]!));
  const classEdges: number[] = [];
  book.groups.forEach((gs) => {
    let previous = -1;
    gs.forEach((g) => {
      const node = net.addNode();
      classEdges.push(net.addEdge(node, sink, classCaps[classEdges.length]!));
      for (const ri of g.regions) net.addEdge(regionNodes[ri]!, node, book.unlimited);
      if (previous >= 0) net.addEdge(previous, node, book.unlimited);
      previous = node;
    });
  });
  return { net, source, sink, regionEdges, classEdges };
}

/**
 * Wh that can be matched at energy price p: the maximum flow when each seller region
 * offers its sells priced at or below p and each buyer class wants the Wh of its buys.
 */
export function volumeAt(book: AuctionBook, p: bigint): bigint {
  const regionCaps = book.sellRegions.map((_, ri) => book.supply(ri, p));
  const classCaps: bigint[] = [];
  book.groups.forEach((gs, bi) => {
    // Class k holds the buys with p + g_k <= L < p + g_(k+1).
    for (let k = 1; k <= gs.length; k++) {
      const upper = k < gs.length ? book.demandAtLeast(bi, p + gs[k]!.stamp) : 0n;
      classCaps.push(book.demandAtLeast(bi, p + gs[k - 1]!.stamp) - upper);
    }
  });
  const c = buildClassNetwork(book, regionCaps, classCaps);
  return c.net.augment(c.source, c.sink);
}
