import { describe, expect, it } from 'vitest';
import { amendOrder, cancelOrder, clearCallAuction, collectOrder, ExchangeError, MemoryBookStore, type CallOrderInput } from '../../../src/exchange/engine/index.ts';
import { buyerPays, docGrid } from './docGrid.ts';

const grid = docGrid;

function auction() {
  const store = new MemoryBookStore();
  let height = 1;
  const add = (o: Omit<CallOrderInput, 'period' | 'arrival'>) => collectOrder(store, grid, { period: 9, arrival: { height: height++, txIndex: 0 }, ...o }).id;
  const ids = {
    a: add({ side: 'sell', owner: 'anna', region: 'north', wh: 3_000n, price: 90_000n }),
    b: add({ side: 'sell', owner: 'ben', region: 'south', wh: 2_000n, price: 95_000n }),
    x: add({ side: 'buy', owner: 'xia', region: 'north', wh: 2_500n, price: 106_000n }),
    y: add({ side: 'buy', owner: 'yann', region: 'south', wh: 2_000n, price: 122_000n }),
  };
  return { store, ids, add, next: () => ({ height: height++, txIndex: 0 }) };
}

describe('call auction', () => {
  it('clears the worked example of docs/exchange.md to the µTES', () => {
    const { store, ids } = auction();
    const r = clearCallAuction(store, grid, { period: 9, previousPrice: null });
    // 4,500 Wh match at any price from 95,000 to 98,000; the imbalance is 500 Wh at all
    // of them, there is no previous price, so the lowest wins.
    expect([r.price, r.volume]).toEqual([95_000n, 4_500n]);
    expect(r.fills.map((f) => [f.sell, f.buy, f.wh, f.stampSum])).toEqual([
      [ids.b, ids.y, 1_500n, 12_000n],
      [ids.a, ids.y, 500n, 25_000n],
      [ids.a, ids.x, 2_500n, 8_000n],
    ]);
    expect(buyerPays(1_500n, 95_000n, 'south', 'south') + buyerPays(500n, 95_000n, 'north', 'south')).toBe(220_500n);
    expect(buyerPays(2_500n, 95_000n, 'north', 'north')).toBe(257_500n);
    expect(r.unfilled.map((u) => [u.id, u.rest])).toEqual([[ids.b, 500n]]);
    expect(store.counts()).toMatchObject({ order: 0, callSide: 0 });
  });

  it('breaks a tie between equally good prices by the previous clearing price', () => {
    expect(clearCallAuction(auction().store, grid, { period: 9, previousPrice: 97_000n }).price).toBe(97_000n);
    expect(clearCallAuction(auction().store, grid, { period: 9, previousPrice: 120_000n }).price).toBe(98_000n);
  });

  it('lets an owner trade one side only, until its orders are cancelled', () => {
    const { store, ids, add } = auction();
    const refusal = (() => {
      try {
        add({ side: 'buy', owner: 'anna', region: 'north', wh: 1n, price: 1n });
      } catch (e) {
        return (e as ExchangeError).code;
      }
    })();
    expect(refusal).toBe('CALL_SIDE_CONFLICT');
    cancelOrder(store, { id: ids.a, owner: 'anna' });
    expect(add({ side: 'buy', owner: 'anna', region: 'north', wh: 1n, price: 1n })).toBeGreaterThan(ids.y);
  });

  it('moves an amended order behind orders at the same price', () => {
    const { store, ids, add, next } = auction();
    // Another south sell at ben's price, after ben: ben fills first…
    const c = add({ side: 'sell', owner: 'cleo', region: 'south', wh: 2_000n, price: 95_000n });
    // …until ben raises his quantity, which sends him behind cleo.
    expect(amendOrder(store, grid, { id: ids.b, owner: 'ben', wh: 2_100n, price: 95_000n, arrival: next() }).keptPriority).toBe(false);
    const r = clearCallAuction(store, grid, { period: 9, previousPrice: null });
    const soldBy = (id: number) => r.fills.filter((f) => f.sell === id).reduce((s, f) => s + f.wh, 0n);
    expect(soldBy(c)).toBeGreaterThan(0n);
    expect(soldBy(c)).toBeGreaterThan(soldBy(ids.b));
  });

  it('reports every order unfilled when nothing can match, and empties the book', () => {
    const store = new MemoryBookStore();
    collectOrder(store, grid, { period: 2, side: 'sell', owner: 's', region: 'north', wh: 10n, price: 100_000n, arrival: { height: 1, txIndex: 0 } });
    collectOrder(store, grid, { period: 2, side: 'buy', owner: 'b', region: 'north', wh: 10n, price: 101_999n, arrival: { height: 1, txIndex: 1 } });
    const r = clearCallAuction(store, grid, { period: 2, previousPrice: null });
    expect([r.price, r.volume, r.fills.length, r.unfilled.length]).toEqual([null, 0n, 0, 2]);
    expect(store.counts()).toMatchObject({ order: 0, level: 0, ladder: 0, chunk: 0, tops: 0, callSide: 0 });
  });
});
