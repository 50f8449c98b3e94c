import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileContract, type CompileOptions } from '../../../src/vm/lang/index.ts';
import { execute, type VmResult } from '../../../src/vm/interpreter.ts';
import { loadContract, type Program } from '../../../src/vm/program.ts';
import { createMemoryStorage, type MemoryStorage } from '../../../src/vm/storage.ts';
import { FakeMarket } from './fakeHost.ts';

// The templates in contracts/ against a fake market (the chain end-to-end tests come with
// the chain wiring). Period 10 is now; 11 is the first period still open.

const template = (name: string, params: CompileOptions['params']): Program =>
  loadContract(compileContract(readFileSync(new URL(`../../../contracts/${name}.tes`, import.meta.url), 'utf8'), { params }).bytes);

function strategy(name: string, params: CompileOptions['params']) {
  const p = template(name, params);
  const storage: MemoryStorage = createMemoryStorage();
  return {
    storage,
    run(market: FakeMarket, entry = 'on_period', args: bigint[] = []): Extract<VmResult, { ok: true }> {
      const r = execute(p, { entry, args, gasLimit: 1_000_000, host: market, storage });
      if (!r.ok) throw r.error;
      return r;
    },
  };
}

const picks = (m: FakeMarket) => m.s.trades.map((t) => [t.listing, t.wh]);

describe('buy-below', () => {
  it('needs its parameters', () => {
    expect(() => template('buy-below', { limit: 1 })).toThrow(/missing parameter 'wh'/);
  });

  it('buys up to wh for the first open period, cheapest landed price first, never above the limit', () => {
    const m = new FakeMarket();
    const a = m.offer('sell', 11n, 500n, 80n, 10n); // landed 90
    const b = m.offer('sell', 11n, 300n, 70n, 30n); // landed 100
    const c = m.offer('sell', 11n, 1000n, 110n); // landed 110
    m.offer('sell', 11n, 1000n, 100n, 30n); // landed 130: above the limit
    m.offer('sell', 12n, 1000n, 1n); // another period
    const s = strategy('buy-below', { limit: 110, wh: 1000 });
    const r = s.run(m);
    expect(r.value).toBe(1000n);
    expect(picks(m)).toEqual([[a, 500n], [b, 300n], [c, 200n]]);
    expect(r.logs).toEqual([[11n, 1000n]]);
    const escrow = (500n * 90n + 300n * 100n + 200n * 110n) / 1000n;
    expect(m.s.balance).toBe(10n ** 12n - escrow);
  });

  it('runs again in the same period without buying more, and buys anew for the next period', () => {
    const m = new FakeMarket();
    m.offer('sell', 11n, 5000n, 50n);
    m.offer('sell', 12n, 5000n, 60n);
    const s = strategy('buy-below', { limit: 100, wh: 1000 });
    s.run(m);
    s.run(m);
    expect(picks(m).map((p) => p[1])).toEqual([1000n]);
    m.s.period = 11n;
    m.s.firstOpen = 12n;
    expect(s.run(m).value).toBe(1000n);
    expect(picks(m).map((p) => p[1])).toEqual([1000n, 1000n]);
  });

  it('tops up a period when more offers arrive, and buys for a period named in a transaction', () => {
    const m = new FakeMarket();
    m.offer('sell', 11n, 400n, 50n);
    const s = strategy('buy-below', { limit: 100, wh: 1000 });
    expect(s.run(m).value).toBe(400n);
    m.offer('sell', 11n, 900n, 70n);
    expect(s.run(m).value).toBe(1000n);
    expect(picks(m).map((p) => p[1])).toEqual([400n, 600n]);
    m.offer('sell', 15n, 900n, 70n);
    expect(s.run(m, 'buy', [15n]).value).toBe(900n);
  });

  it('stays within the allowance and the balance instead of being refused', () => {
    const m = new FakeMarket({ allowance: { utesPerPeriod: 10n ** 9n, whPerPeriod: 600n } });
    m.offer('sell', 11n, 5000n, 50n);
    expect(strategy('buy-below', { limit: 100, wh: 1000 }).run(m).value).toBe(600n);

    const poor = new FakeMarket({ balance: 50n });
    poor.offer('sell', 11n, 5000n, 80n);
    const r = strategy('buy-below', { limit: 100, wh: 1000 }).run(poor);
    // 50 µTES at 80 µTES/kWh pays for 625 Wh
    expect(r.value).toBe(625n);
    expect(poor.s.balance).toBe(0n);
  });

  it('buys nothing when every offer is above the limit', () => {
    const m = new FakeMarket();
    m.offer('sell', 11n, 5000n, 101n);
    expect(strategy('buy-below', { limit: 100, wh: 1000 }).run(m).value).toBe(0n);
    expect(m.s.trades).toEqual([]);
  });
});

describe('sell-surplus', () => {
  it("lists last period's metered surplus, less what it keeps, undercutting the cheapest offer", () => {
    const m = new FakeMarket();
    m.s.metered.set(9n, 5000n);
    m.offer('sell', 11n, 100n, 130n, 5n);
    m.offer('sell', 11n, 100n, 125n, 20n);
    const r = strategy('sell-surplus', { floor: 80, keep: 1000 }).run(m);
    const own = m.s.listings.filter((l) => l.own);
    expect(own).toMatchObject([{ side: 'sell', period: 11n, rest: 4000n, price: 129n }]);
    expect(r.value).toBe(own[0]!.id);
    expect(r.logs).toEqual([[9n, 11n, 4000n, 129n, own[0]!.id]]);
  });

  it('never lists below the floor; with no competition it asks the floor', () => {
    const m = new FakeMarket();
    m.s.metered.set(9n, 3000n);
    m.offer('sell', 11n, 100n, 60n);
    strategy('sell-surplus', { floor: 80 }).run(m);
    const quiet = new FakeMarket();
    quiet.s.metered.set(9n, 3000n);
    strategy('sell-surplus', { floor: 80 }).run(quiet);
    expect([m, quiet].map((x) => x.s.listings.find((l) => l.own)?.price)).toEqual([80n, 80n]);
  });

  it('lists a metered period once, and nothing below the minimum lot', () => {
    const m = new FakeMarket();
    m.s.metered.set(9n, 3000n);
    const s = strategy('sell-surplus', { floor: 80, min_lot: 500 });
    s.run(m);
    expect(s.run(m).value).toBe(0n);
    expect(m.s.listings.filter((l) => l.own).length).toBe(1);
    m.s.period = 11n;
    m.s.firstOpen = 12n;
    m.s.metered.set(10n, 499n);
    expect(s.run(m).value).toBe(0n);
    expect(m.s.listings.filter((l) => l.own).length).toBe(1);
  });

  it('lists no more than the Wh allowance', () => {
    const m = new FakeMarket({ allowance: { utesPerPeriod: 0n, whPerPeriod: 1200n } });
    m.s.metered.set(9n, 3000n);
    strategy('sell-surplus', { floor: 80 }).run(m);
    expect(m.s.listings.find((l) => l.own)?.rest).toBe(1200n);
  });
});

describe('charge-cheapest', () => {
  it('buys the cheapest offers over the open periods before the deadline until the need is met', () => {
    const m = new FakeMarket();
    m.offer('sell', 11n, 1000n, 120n);
    const b = m.offer('sell', 12n, 1500n, 80n);
    const c = m.offer('sell', 12n, 1000n, 90n, 5n);
    const d = m.offer('sell', 13n, 2000n, 100n);
    m.offer('sell', 14n, 5000n, 10n); // the deadline period: too late
    const r = strategy('charge-cheapest', { need: 3000, deadline: 14 }).run(m);
    expect(r.value).toBe(3000n);
    expect(picks(m)).toEqual([[b, 1500n], [c, 1000n], [d, 500n]]);
  });

  it('never pays above max_price, and buys the rest in later periods without exceeding the need', () => {
    const m = new FakeMarket();
    m.offer('sell', 12n, 1000n, 80n);
    m.offer('sell', 13n, 5000n, 150n);
    const s = strategy('charge-cheapest', { need: 3000, deadline: 16, max_price: 100 });
    expect(s.run(m).value).toBe(1000n);
    m.s.period = 11n;
    m.s.firstOpen = 12n;
    m.offer('sell', 15n, 9000n, 99n);
    expect(s.run(m).value).toBe(3000n);
    expect(s.run(m).value).toBe(3000n);
    expect(m.s.trades.reduce((n, t) => n + t.wh, 0n)).toBe(3000n);
  });

  it('does nothing once the deadline has passed', () => {
    const m = new FakeMarket({ period: 20n, firstOpen: 21n, lastOpen: 30n });
    m.offer('sell', 21n, 1000n, 1n);
    expect(strategy('charge-cheapest', { need: 3000, deadline: 14 }).run(m).value).toBe(0n);
    expect(m.s.trades).toEqual([]);
  });
});
