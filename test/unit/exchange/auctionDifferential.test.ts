import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearCallAuction, collectOrder, MemoryBookStore, type Side } from '../../../src/exchange/engine/index.ts';
import { gridArb, type Grid } from './generators.ts';
import { accepts, bruteAllocation, bruteClearing, bruteVolume, buyPriority, sellPriority, type RefAuctionOrder } from './referenceAuction.ts';

interface Spec {
  side: Side;
  region: number;
  wh: number;
  price: number;
}

function specArb(maxOrders: number, maxWh: number, maxSell: number, maxBuy: number): fc.Arbitrary<Spec[]> {
  const order = fc.constantFrom<Side>('buy', 'sell').chain((side) =>
    fc.record({
      side: fc.constant(side),
      region: fc.nat(),
      wh: fc.integer({ min: 1, max: maxWh }),
      price: side === 'sell' ? fc.integer({ min: 0, max: maxSell }) : fc.integer({ min: Math.floor(maxBuy / 5), max: maxBuy }),
    }),
  );
  return fc.array(order, { minLength: 0, maxLength: maxOrders, size: 'max' });
}

/** Collects the orders into a period's call auction (each with its own owner) and clears it. */
function runEngine(grid: Grid, specs: readonly Spec[], previous: bigint | null) {
  const store = new MemoryBookStore();
  const orders: RefAuctionOrder[] = specs.map((s, k) => {
    const input = { period: 3, side: s.side, owner: `o${k}`, region: grid.regions[s.region % grid.regions.length]!, wh: BigInt(s.wh), price: BigInt(s.price), arrival: { height: 10 + k, txIndex: 0 } };
    const { id } = collectOrder(store, grid, input);
    return { id, owner: input.owner, side: s.side, region: input.region, price: input.price, wh: input.wh, seq: id };
  });
  const result = clearCallAuction(store, grid, { period: 3, previousPrice: previous });
  // Clearing empties the auction: no order, level, ladder or owner record is left.
  expect(store.counts()).toMatchObject({ order: 0, level: 0, ladder: 0, chunk: 0, tops: 0, callSide: 0 });
  return { orders, result };
}

/** Every fill is acceptable to both sides; no order is overfilled; unfilled reports the rest. */
function expectConsistent(grid: Grid, orders: readonly RefAuctionOrder[], result: ReturnType<typeof runEngine>['result']): void {
  const byId = new Map(orders.map((o) => [o.id, o]));
  const filled = new Map<number, bigint>();
  let volume = 0n;
  for (const f of result.fills) {
    const s = byId.get(f.sell)!;
    const b = byId.get(f.buy)!;
    expect(f.price).toBe(result.price);
    expect(accepts(grid, s, b, f.price)).toBe(true);
    expect(f.stampSum).toBe(grid.stampSum(s.region, b.region));
    expect(f.wh).toBeGreaterThan(0n);
    filled.set(s.id, (filled.get(s.id) ?? 0n) + f.wh);
    filled.set(b.id, (filled.get(b.id) ?? 0n) + f.wh);
    volume += f.wh;
  }
  expect(volume).toBe(result.volume);
  for (const o of orders) expect(filled.get(o.id) ?? 0n).toBeLessThanOrEqual(o.wh);
  const unfilled = orders.filter((o) => (filled.get(o.id) ?? 0n) < o.wh).map((o) => ({ id: o.id, rest: o.wh - (filled.get(o.id) ?? 0n) }));
  expect(result.unfilled.map((u) => ({ id: u.id, rest: u.rest }))).toEqual(unfilled);
}

describe('call auction: engine equals brute force', () => {
  it('price, volume and every fill on small auctions', () => {
    fc.assert(
      fc.property(gridArb(3, 6), specArb(7, 3, 12, 20), fc.option(fc.integer({ min: 0, max: 22 })), (grid, specs, prev) => {
        const previous = prev === null ? null : BigInt(prev);
        const { orders, result } = runEngine(grid, specs, previous);
        const clearing = bruteClearing(grid, orders, previous, 21n);
        expect({ price: result.price, volume: result.volume }).toEqual(clearing ?? { price: null, volume: 0n });
        expectConsistent(grid, orders, result);
        const fills = result.fills.map((f) => ({ sell: f.sell, buy: f.buy, wh: f.wh, price: f.price, sellerRegion: f.sellerRegion, buyerRegion: f.buyerRegion, stampSum: f.stampSum }));
        expect(fills).toEqual(clearing ? bruteAllocation(grid, orders, clearing.price) : []);
      }),
      { seed: 0xa0c7, numRuns: 1000 },
    );
  });

  it('price, volume and each side’s fills on larger auctions (rank by brute-force cuts)', () => {
    fc.assert(
      fc.property(gridArb(4, 40), specArb(14, 60, 150, 220), fc.option(fc.integer({ min: 0, max: 230 })), (grid, specs, prev) => {
        const previous = prev === null ? null : BigInt(prev);
        const { orders, result } = runEngine(grid, specs, previous);
        const clearing = bruteClearing(grid, orders, previous, 221n);
        expect({ price: result.price, volume: result.volume }).toEqual(clearing ?? { price: null, volume: 0n });
        expectConsistent(grid, orders, result);
        if (!clearing) return;
        // Each side's fills are the greedy ones in priority order: an order gets what
        // adding it raises the most matchable Wh by (the rank of a polymatroid).
        const sells = sellPriority(orders);
        const buys = buyPriority(orders);
        const filled = (id: number) => result.fills.reduce((s, f) => (f.sell === id || f.buy === id ? s + f.wh : s), 0n);
        sells.forEach((s, i) => {
          const gain = bruteVolume(grid, sells.slice(0, i + 1), buys, clearing.price) - bruteVolume(grid, sells.slice(0, i), buys, clearing.price);
          expect(filled(s.id)).toBe(gain);
        });
        buys.forEach((b, j) => {
          const gain = bruteVolume(grid, sells, buys.slice(0, j + 1), clearing.price) - bruteVolume(grid, sells, buys.slice(0, j), clearing.price);
          expect(filled(b.id)).toBe(gain);
        });
      }),
      { seed: 0xb16a, numRuns: 150 },
    );
  });
});
