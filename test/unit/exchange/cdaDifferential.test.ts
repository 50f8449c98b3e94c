import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amendOrder, cancelOrder, closeBook, ExchangeError, MemoryBookStore, placeOrder, readBook, type BookStore, type FeeSchedule, type PlaceResult } from '../../../src/exchange/engine/index.ts';
import { ReferenceMatcher, RefError, type RefResult } from './referenceMatcher.ts';
import { gridArb, opsArb, type Grid, type Op } from './generators.ts';
import { SerializingStore } from './serializingStore.ts';
import { expectStoreConsistent } from './storeInvariants.ts';

const OWNERS = ['alice', 'bob', 'carol', 'dave'];
type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

/** Runs one engine call, turning its refusal into the error code. */
function engineCall(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ExchangeError) return { ok: false, code: e.code };
    throw e;
  }
}

function refCall(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof RefError) return { ok: false, code: e.code };
    throw e;
  }
}

/** The engine's result in the reference's shape. */
function normalize(r: PlaceResult & { keptPriority?: boolean }): RefResult {
  const out: RefResult = {
    id: r.id,
    fills: r.fills.map((f) => ({ sell: f.sell, buy: f.buy, maker: f.maker, taker: f.taker, wh: f.wh, price: f.price, sellerRegion: f.sellerRegion, buyerRegion: f.buyerRegion, stampSum: f.stampSum })),
    rested: r.rested,
    cancelled: r.cancelled,
    expired: r.expired.map((e) => e.id),
  };
  if (r.keptPriority !== undefined) out.keptPriority = r.keptPriority;
  return out;
}

/** The book as the reference lists it. */
function engineBook(store: BookStore, period: number) {
  return readBook(store, period, 'c').map((o) => ({ id: o.id, period: o.period, side: o.side, owner: o.owner, region: o.region, price: o.price, rest: o.rest, tif: o.tif, height: o.height, txIndex: o.txIndex, seq: o.seq }));
}

/**
 * Replays a stream on the engine (over `store`) and the reference in lockstep and checks
 * after every step that results, refusals and both periods' books are equal. Also keeps
 * a per-order ledger for the conservation checks: every Wh an order ever asked for is
 * filled, resting, or left the book (ioc rest, cancel, self-trade expiry, amend down).
 */
function replay(grid: Grid, ops: readonly Op[], store: BookStore): void {
  const ref = new ReferenceMatcher(grid);
  let height = 1;
  let txIndex = 0;
  const asked = new Map<number, bigint>();
  const gone = new Map<number, bigint>();
  const filled = new Map<number, bigint>();
  const add = (m: Map<number, bigint>, id: number, wh: bigint) => m.set(id, (m.get(id) ?? 0n) + wh);
  const arrival = (step: number) => {
    if (step < 0) return { height: Math.max(0, height - 1), txIndex: 0 };
    if (step === 0) txIndex += 1;
    else {
      height += step;
      txIndex = 0;
    }
    return { height, txIndex };
  };
  const restOf = (id: number) => ref.orders.find((o) => o.id === id)?.rest ?? 0n;
  const restBefore = new Map<number, bigint>();
  const record = (r: RefResult) => {
    for (const f of r.fills) {
      // A fill never takes more than either side still had.
      expect(f.wh).toBeGreaterThan(0n);
      expect(f.wh).toBeLessThanOrEqual(restBefore.get(f.maker)!);
      add(filled, f.sell, f.wh);
      add(filled, f.buy, f.wh);
    }
    for (const id of r.expired) add(gone, id, restBefore.get(id)!);
    add(gone, r.id, r.cancelled);
  };
  for (const op of ops) {
    restBefore.clear();
    for (const o of ref.orders) restBefore.set(o.id, o.rest);
    let e: Outcome;
    let x: Outcome;
    if (op.kind === 'place') {
      const region = op.region === 6 ? 'zz' : grid.regions[op.region % grid.regions.length]!;
      const input = { period: op.period, side: op.side, owner: OWNERS[op.owner]!, region, wh: BigInt(op.wh), price: BigInt(op.price), tif: op.tif, arrival: arrival(op.step) };
      e = engineCall(() => normalize(placeOrder(store, grid, input)));
      x = refCall(() => ref.place(input));
      expect(e).toEqual(x);
      if (x.ok) {
        const r = x.value as RefResult;
        add(asked, r.id, input.wh);
        const taken = r.fills.reduce((s, f) => s + f.wh, 0n);
        expect(taken + r.rested + r.cancelled).toBe(input.wh);
        record(r);
      }
    } else {
      const ids = [...new Set([...ref.orders.map((o) => o.id), 1, 2, 3, 999])].sort((a, b) => a - b);
      const id = ids[op.pick % ids.length]!;
      const actual = ref.orders.find((o) => o.id === id)?.owner ?? 'alice';
      const owner = op.wrongOwner ? OWNERS[(OWNERS.indexOf(actual) + 1) % OWNERS.length]! : actual;
      if (op.kind === 'cancel') {
        e = engineCall(() => cancelOrder(store, { id, owner }).rest);
        x = refCall(() => ref.cancel(id, owner).rest);
        expect(e).toEqual(x);
        if (x.ok) add(gone, id, x.value as bigint);
      } else {
        const o = ref.orders.find((q) => q.id === id);
        const rest = o?.rest ?? 5n;
        const price = o?.price ?? 30n;
        const d = BigInt(op.delta);
        const wh = op.mode === 'reduce' ? rest - (d < 0n ? -d : d) : op.mode === 'grow' || op.mode === 'both' ? rest + (d < 0n ? -d : d) : rest;
        const newPrice = op.mode === 'price' || op.mode === 'both' ? price + d : price;
        const before = restOf(id);
        const input = { id, owner, wh, price: newPrice, arrival: arrival(op.step) };
        e = engineCall(() => normalize(amendOrder(store, grid, input)));
        x = refCall(() => ref.amend(id, owner, wh, newPrice, input.arrival));
        expect(e).toEqual(x);
        if (x.ok) {
          // The order asks for its new quantity instead of its old rest.
          if (wh > before) add(asked, id, wh - before);
          else add(gone, id, before - wh);
          record(x.value as RefResult);
        }
      }
    }
    for (const period of [0, 1]) {
      expect(engineBook(store, period)).toEqual(ref.book(period));
      expectStoreConsistent(store, period, 'c', grid.regions);
    }
    expectUncrossed(grid, ref);
  }
  // Conservation: for every order, what it asked for is filled, resting, or gone.
  for (const [id, wh] of asked) expect((filled.get(id) ?? 0n) + restOf(id) + (gone.get(id) ?? 0n)).toBe(wh);
  // Closing both books returns every resting order and leaves only the counters behind.
  const closed = [0, 1].flatMap((period) => closeBook(store, period, 'c'));
  expect(closed.map((o) => [o.id, o.rest]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(ref.orders.map((o) => [o.id, o.rest]).sort((a, b) => Number(a[0]) - Number(b[0])));
  const left = store instanceof MemoryBookStore ? Object.entries(store.counts()).filter(([kind, n]) => kind !== 'meta' && n > 0) : [...(store as SerializingStore).kv.keys()].filter((k) => !k.startsWith('meta/'));
  expect(left).toEqual([]);
}

/** No resting buy and sell of a period could trade with each other. */
function expectUncrossed(fees: FeeSchedule, ref: ReferenceMatcher): void {
  for (const b of ref.orders) {
    if (b.side !== 'buy') continue;
    for (const s of ref.orders) {
      if (s.side !== 'sell' || s.period !== b.period) continue;
      const stamp = fees.stampSum(s.region, b.region);
      if (stamp !== null) expect(s.price + stamp).toBeGreaterThan(b.price);
    }
  }
}

describe('continuous book: engine equals the reference matcher', () => {
  it('on random order streams over random grids (in-memory store)', () => {
    fc.assert(
      fc.property(gridArb(5, 30), opsArb(80), (grid, ops) => replay(grid, ops, new MemoryBookStore())),
      { seed: 0x0b00c, numRuns: 400 },
    );
  });

  it('on random order streams over a store that encodes every record (as the chain state does)', () => {
    fc.assert(
      fc.property(gridArb(4, 30), opsArb(60), (grid, ops) => replay(grid, ops, new SerializingStore())),
      { seed: 0x5e7a1, numRuns: 150 },
    );
  });
});
