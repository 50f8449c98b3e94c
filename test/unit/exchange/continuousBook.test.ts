import { describe, expect, it } from 'vitest';
import { amendOrder, cancelOrder, closeBook, ExchangeError, getDepth, MemoryBookStore, placeOrder, readBook, type BookStore, type OrderInput, type FeeSchedule } from '../../../src/exchange/engine/index.ts';
import { SerializingStore } from './serializingStore.ts';
import { buyerPays, docGrid } from './docGrid.ts';

const grid = docGrid;

function book(store: BookStore = new MemoryBookStore()) {
  let height = 100;
  const place = (o: Partial<OrderInput> & Pick<OrderInput, 'side' | 'owner' | 'region' | 'wh' | 'price'>) =>
    placeOrder(store, grid, { period: 7, tif: 'gtc', arrival: { height: height++, txIndex: 0 }, ...o });
  return { store, place, next: () => ({ height: height++, txIndex: 0 }) };
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ExchangeError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('continuous book', () => {
  it('runs the worked example of docs/exchange.md to the µTES', () => {
    const { store, place } = book();
    place({ side: 'sell', owner: 'alice', region: 'north', wh: 3_000n, price: 100_000n });
    place({ side: 'sell', owner: 'bob', region: 'central', wh: 2_000n, price: 97_000n });
    // Carol in north: alice lands at 100,000 + 8,000; bob at 97,000 + 5,000 + 8,000.
    const carol = place({ side: 'buy', owner: 'carol', region: 'north', wh: 4_000n, price: 112_000n });
    expect(carol.fills.map((f) => [f.sellOwner, f.wh, f.price, f.stampSum])).toEqual([
      ['alice', 3_000n, 100_000n, 8_000n],
      ['bob', 1_000n, 97_000n, 13_000n],
    ]);
    expect(buyerPays(3_000n, 100_000n, 'north', 'north')).toBe(324_000n);
    expect(buyerPays(1_000n, 97_000n, 'central', 'north')).toBe(110_000n);
    // Dave in central bids 101,000 landed: bob's rest would land at 102,000, so Dave rests.
    const dave = place({ side: 'buy', owner: 'dave', region: 'central', wh: 1_500n, price: 101_000n });
    expect(dave.rested).toBe(1_500n);
    // Erin sells in north at 85,000 or better: Dave's bid is worth 101,000 − 13,000 to her.
    const erin = place({ side: 'sell', owner: 'erin', region: 'north', wh: 1_000n, price: 85_000n, tif: 'ioc' });
    expect(erin.fills.map((f) => [f.buyOwner, f.wh, f.price, f.maker])).toEqual([['dave', 1_000n, 88_000n, dave.id]]);
    expect(buyerPays(1_000n, 88_000n, 'north', 'central')).toBe(101_000n);
    expect(readBook(store, 7, 'c').map((o) => [o.owner, o.rest])).toEqual([
      ['dave', 500n],
      ['bob', 1_000n],
    ]);
    expect(getDepth(store, 7, 'c', 'sell', 'central', 5)).toEqual([{ price: 97_000n, wh: 1_000n, orders: 1 }]);
  });

  it('refuses a fok that cannot fill and a crossing post-only without changing anything', () => {
    const { store, place, next } = book(new SerializingStore());
    place({ side: 'sell', owner: 'alice', region: 'north', wh: 1_000n, price: 100_000n });
    const before = (store as SerializingStore).dump();
    expect(code(() => placeOrder(store, grid, { period: 7, side: 'buy', owner: 'carol', region: 'north', wh: 1_001n, price: 120_000n, tif: 'fok', arrival: next() }))).toBe('FOK_UNFILLABLE');
    expect(code(() => placeOrder(store, grid, { period: 7, side: 'buy', owner: 'carol', region: 'north', wh: 10n, price: 108_000n, tif: 'post-only', arrival: next() }))).toBe('POST_ONLY_CROSSES');
    expect((store as SerializingStore).dump()).toEqual(before);
    // The same fok for what is there fills, and took the next id.
    const ok = placeOrder(store, grid, { period: 7, side: 'buy', owner: 'carol', region: 'north', wh: 1_000n, price: 108_000n, tif: 'fok', arrival: next() });
    expect([ok.id, ok.fills.length, ok.rested]).toEqual([2, 1, 0n]);
  });

  it('keeps time priority on a reduction only; a larger amend goes to the back of its level', () => {
    const { store, place, next } = book();
    const a = place({ side: 'sell', owner: 'alice', region: 'north', wh: 500n, price: 100_000n });
    const b = place({ side: 'sell', owner: 'bob', region: 'north', wh: 500n, price: 100_000n });
    expect(amendOrder(store, grid, { id: a.id, owner: 'alice', wh: 400n, price: 100_000n, arrival: next() }).keptPriority).toBe(true);
    expect(readBook(store, 7, 'c').map((o) => o.id)).toEqual([a.id, b.id]);
    expect(amendOrder(store, grid, { id: a.id, owner: 'alice', wh: 600n, price: 100_000n, arrival: next() }).keptPriority).toBe(false);
    expect(readBook(store, 7, 'c').map((o) => o.id)).toEqual([b.id, a.id]);
    const hit = place({ side: 'buy', owner: 'carol', region: 'north', wh: 600n, price: 108_000n, tif: 'ioc' });
    expect(hit.fills.map((f) => [f.maker, f.wh])).toEqual([
      [b.id, 500n],
      [a.id, 100n],
    ]);
    expect(code(() => amendOrder(store, grid, { id: a.id, owner: 'bob', wh: 1n, price: 1n, arrival: next() }))).toBe('NOT_OWNER');
    expect(code(() => cancelOrder(store, { id: b.id, owner: 'bob' }))).toBe('UNKNOWN_ORDER');
  });

  it('removes the taker’s own resting orders it reaches instead of trading with them', () => {
    const { place } = book();
    const own = place({ side: 'sell', owner: 'carol', region: 'north', wh: 300n, price: 99_000n });
    place({ side: 'sell', owner: 'alice', region: 'north', wh: 300n, price: 100_000n });
    const r = place({ side: 'buy', owner: 'carol', region: 'north', wh: 500n, price: 108_000n });
    expect(r.expired.map((e) => [e.id, e.rest])).toEqual([[own.id, 300n]]);
    expect(r.fills.map((f) => [f.sellOwner, f.wh])).toEqual([['alice', 300n]]);
    expect(r.rested).toBe(200n);
  });

  it('never matches across regions without a route, and refuses a region off the grid', () => {
    const noRoute: FeeSchedule = { stampSum: (a, b) => (a === b ? 0n : null) };
    const store = new MemoryBookStore();
    placeOrder(store, noRoute, { period: 1, side: 'sell', owner: 'a', region: 'x', wh: 10n, price: 1n, tif: 'gtc', arrival: { height: 1, txIndex: 0 } });
    const r = placeOrder(store, noRoute, { period: 1, side: 'buy', owner: 'b', region: 'y', wh: 10n, price: 1_000n, tif: 'ioc', arrival: { height: 1, txIndex: 1 } });
    expect([r.fills.length, r.cancelled]).toEqual([0, 10n]);
    expect(code(() => placeOrder(store, grid, { period: 1, side: 'buy', owner: 'b', region: 'east', wh: 1n, price: 1n, tif: 'gtc', arrival: { height: 2, txIndex: 0 } }))).toBe('UNKNOWN_REGION');
    expect(code(() => placeOrder(store, noRoute, { period: 1, side: 'buy', owner: 'b', region: 'y', wh: 1n, price: 1n, tif: 'gtc', arrival: { height: 0, txIndex: 5 } }))).toBe('ARRIVAL_ORDER');
  });

  it('closes a period’s book, reporting every order in arrival order, and leaves no record behind', () => {
    const { store, place } = book();
    for (let i = 0; i < 300; i++) place({ side: i % 2 ? 'buy' : 'sell', owner: `o${i % 7}`, region: i % 3 ? 'north' : 'south', wh: 10n, price: i % 2 ? 50_000n + BigInt(i) : 120_000n + BigInt(i) });
    const resting = readBook(store, 7, 'c');
    const removed = closeBook(store, 7, 'c');
    expect(removed.map((o) => o.id)).toEqual(resting.map((o) => o.id).sort((a, b) => a - b));
    expect((store as MemoryBookStore).counts()).toEqual({ order: 0, level: 0, ladder: 0, chunk: 0, tops: 0, callSide: 0, meta: 1 });
  });

  it('costs a bounded number of record reads and writes whatever the book size', () => {
    // Rest one order (a new level) and take one resting order, on books of 100 and 5,000 levels.
    const cost = (levels: number) => {
      const store = new SerializingStore();
      const { place } = book(store);
      for (let i = 0; i < levels; i++) place({ side: 'sell', owner: 'a', region: i % 2 ? 'north' : 'south', wh: 10n, price: 200_000n + BigInt(i) * 7n });
      store.reads = store.writes = 0;
      place({ side: 'sell', owner: 'b', region: 'north', wh: 10n, price: 200_000n + BigInt(levels) * 3n + 1n });
      const rest = { reads: store.reads, writes: store.writes };
      store.reads = store.writes = 0;
      place({ side: 'buy', owner: 'c', region: 'south', wh: 10n, price: 300_000n, tif: 'ioc' });
      return { rest, take: { reads: store.reads, writes: store.writes } };
    };
    const small = cost(100);
    const large = cost(5_000);
    for (const op of ['rest', 'take'] as const) {
      expect(large[op].reads).toBeLessThanOrEqual(small[op].reads + 2);
      expect(large[op].writes).toBeLessThanOrEqual(small[op].writes + 2);
      expect(large[op].reads + large[op].writes).toBeLessThan(30);
    }
  });
});
