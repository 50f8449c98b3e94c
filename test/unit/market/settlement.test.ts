import { describe, expect, it } from 'vitest';
import { Harness, actor, start, AUTH, type Actor } from './harness.ts';
import { getParticipant, getTrades } from '../../../src/market/index.ts';
import { devRegionFeeAccount } from '../../../src/market/devGenesis.ts';
import { readPenalties } from '../../../src/market/records/ledger.ts';
import { readRatings } from '../../../src/market/records/readings.ts';
import { readSettleCursor } from '../../../src/market/records/counters.ts';

const TES5 = 5_000_000n;
const sell = (period: number, wh: bigint, price: bigint) => ({ side: 'sell', period, wh, price, region: 'central', source: 'wind', carbon: 10 });
const meter = (h: Harness, who: { id: Uint8Array }, wh: bigint, period = 2) => h.ok(AUTH, 'market.meter', { account: who.id, period, wh }, h.time + 1);

describe('settlement: deviation payments (formulas 2 and 3, reserve a = 23,457, a\' = 91,113 µTES/kWh)', () => {
  it('each of the four cases, and a shortfall taken from the bond', () => {
    const [sam, sue, sly, bob, ben, bo3] = ['sam', 'sue', 'sly', 'bob', 'ben', 'bo3'].map(actor) as [Actor, Actor, Actor, Actor, Actor, Actor];
    const h = new Harness({ alloc: { sam: 2n * TES5, sue: 2n * TES5, sly: TES5, bob: 2n * TES5, ben: 2n * TES5, bo3: 2n * TES5 } });
    for (const s of [sam, sue, sly]) h.join(s, 'seller', 'central');
    for (const b of [bob, ben, bo3]) h.join(b, 'buyer', 'central');
    expect(h.balance(sly)).toBe(0n); // everything went into its bond
    h.ok(sam, 'market.list', sell(2, 4_000n, 100_000n));
    h.ok(sue, 'market.list', sell(2, 4_000n, 100_000n));
    h.ok(sly, 'market.list', sell(2, 1_000n, 1_000n));
    h.ok(bob, 'market.pick', { listing: 1, wh: 4_000n }); // trade 1: escrow 400,000 + 4,000 × 5,000 / 1000 = 420,000
    h.ok(ben, 'market.pick', { listing: 2, wh: 4_000n }); // trade 2: escrow 420,000
    h.ok(bo3, 'market.pick', { listing: 3, wh: 1_000n }); // trade 3: escrow 1,000 + 5,000 = 6,000
    h.block([], start(2));
    meter(h, bob, 2_766n); // consumed 1,234 less
    meter(h, sam, 4_567n); // produced 567 more
    meter(h, ben, 4_321n); // consumed 321 more
    meter(h, sue, 3_210n); // produced 790 less
    meter(h, bo3, 1_000n); // exact; sly reports nothing: a missing reading is 0 Wh
    const reserveBefore = h.balance(AUTH);
    h.block([], start(3) + 10_000);

    // buyer consumed less:  reserve pays bob  P  = floor(23,457 × 1,234 / 1000) = floor(28,945.938) = 28,945
    expect(h.balance(bob)).toBe(TES5 - 420_000n + 28_945n);
    // seller produced more: reserve pays sam  P  = floor(23,457 × 567 / 1000)   = floor(13,300.119) = 13,300
    expect(h.balance(sam)).toBe(TES5 + 400_000n + 13_300n);
    // buyer consumed more:  ben pays reserve  P' = floor(91,113 × 321 / 1000)   = floor(29,247.273) = 29,247
    expect(h.balance(ben)).toBe(TES5 - 420_000n - 29_247n);
    // seller produced less: sue pays reserve  P' = floor(91,113 × 790 / 1000)   = floor(71,979.27)  = 71,979
    expect(h.balance(sue)).toBe(TES5 + 400_000n - 71_979n);
    // sly produced 0 of 1,000: owes floor(91,113 × 1,000 / 1000) = 91,113; its balance holds only the
    // 1,000 of energy income, so 90,113 comes from its bond, and a penalty is recorded.
    expect(h.balance(sly)).toBe(0n);
    expect(h.bond(sly)).toBe(TES5 - 90_113n);
    expect(readPenalties(h.state, sly.id)).toEqual({ count: 1, fromBond: 90_113n, unpaid: 0n, lastPeriod: 2 });
    // reserve: − 28,945 − 13,300 + 29,247 + 71,979 + 91,113 = +150,094
    expect(h.balance(AUTH) - reserveBefore).toBe(150_094n);
    expect(h.balance(devRegionFeeAccount('central'))).toBe(45_000n);

    const [t1, t2, t3] = getTrades(h.state, { period: 2 });
    expect(t1!.settlement).toMatchObject({ buyerMeteredWh: 2_766n, sellerMeteredWh: 4_567n, buyerDeviation: 28_945n, sellerDeviation: 13_300n });
    expect(t2!.settlement).toMatchObject({ buyerDeviation: -29_247n, sellerDeviation: -71_979n, fromBond: 0n });
    expect(t3!.settlement).toMatchObject({ sellerMeteredWh: 0n, sellerDeviation: -91_113n, fromBond: 90_113n, unpaid: 0n });
    expect(readSettleCursor(h.state)).toBe(3);
    h.conserve();
  });

  it("shares a party's reading across its trades in proportion, floors each payment, remainder to the payer", () => {
    const [sam, sue, bob] = ['sam', 'sue', 'bob'].map(actor) as [ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>];
    const h = new Harness({ alloc: { sam: 2n * TES5, sue: 2n * TES5, bob: 2n * TES5 } });
    h.join(sam, 'seller', 'central');
    h.join(sue, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    h.ok(sam, 'market.list', sell(2, 3_000n, 100_000n));
    h.ok(sue, 'market.list', sell(2, 1_000n, 100_000n));
    h.ok(bob, 'market.pick', { listing: 1, wh: 3_000n });
    h.ok(bob, 'market.pick', { listing: 2, wh: 1_000n });
    h.block([], start(2));
    meter(h, bob, 3_000n);
    meter(h, sam, 3_000n);
    meter(h, sue, 1_000n);
    const before = h.balance(bob);
    h.block([], start(3) + 10_000);
    // bob's 3,000 Wh over trades of 3,000 and 1,000: shares 2,250 and 750.
    // trade 1: consumed 750 less → floor(23,457 × 750 / 1000) = floor(17,592.75) = 17,592
    // trade 2: consumed 250 less → floor(23,457 × 250 / 1000) = floor(5,864.25)  = 5,864
    // 23,456 in all, one µTES under floor(23,457 × 1,000 / 1000): it stays with the payer.
    const [t1, t2] = getTrades(h.state, { account: bob.address });
    expect([t1!.settlement!.buyerMeteredWh, t2!.settlement!.buyerMeteredWh]).toEqual([2_250n, 750n]);
    expect([t1!.settlement!.buyerDeviation, t2!.settlement!.buyerDeviation]).toEqual([17_592n, 5_864n]);
    expect(h.balance(bob) - before).toBe(23_456n);
    h.conserve();
  });

  it('ratings: once per party per trade, after settlement, 1–5, stored for the credit rules', () => {
    const [sam, bob, eve] = ['sam', 'bob', 'eve'].map(actor) as [ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>];
    const h = new Harness({ alloc: { sam: 2n * TES5, bob: 2n * TES5 } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    h.ok(sam, 'market.list', sell(2, 1_000n, 100_000n));
    h.ok(bob, 'market.pick', { listing: 1, wh: 1_000n });
    expect(h.send(bob, 'market.rate', { trade: 1, score: 5 })).toBe('NOT_SETTLED');
    h.block([], start(3) + 10_000);
    expect(h.send(bob, 'market.rate', { trade: 2, score: 5 })).toBe('UNKNOWN_TRADE');
    expect(h.send(eve, 'market.rate', { trade: 1, score: 5 })).toBe('NOT_A_PARTY');
    expect(h.send(bob, 'market.rate', { trade: 1, score: 6 })).toBe('BAD_SCORE');
    h.ok(bob, 'market.rate', { trade: 1, score: 5 });
    expect(h.send(bob, 'market.rate', { trade: 1, score: 4 })).toBe('ALREADY_RATED');
    h.ok(sam, 'market.rate', { trade: 1, score: 3 });
    expect(getTrades(h.state, { period: 2 })[0]).toMatchObject({ ratingByBuyer: 5, ratingBySeller: 3 });
    expect(readRatings(h.state, sam.id)).toEqual({ count: 1, sum: 5 });
    expect(readRatings(h.state, bob.id)).toEqual({ count: 1, sum: 3 });
    // Settled with nothing metered: both deviated fully, yet exit is open again.
    expect(getParticipant(h.state, bob.address)!.open).toBe(0);
    h.ok(bob, 'market.exit');
  });

  it('metering window: from the start of the period to end + 10 s; only meter keys', () => {
    const [sam] = ['sam'].map(actor) as [ReturnType<typeof actor>];
    const h = new Harness({ alloc: { sam: 2n * TES5 } });
    h.join(sam, 'seller', 'central');
    expect(h.send(AUTH, 'market.meter', { account: sam.id, period: 2, wh: 1n }, start(2) - 1)).toBe('METER_WINDOW');
    h.ok(AUTH, 'market.meter', { account: sam.id, period: 2, wh: 1n }, start(2));
    expect(h.send(sam, 'market.meter', { account: sam.id, period: 2, wh: 1n })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.meter', { account: actor('x').id, period: 2, wh: 1n })).toBe('NOT_REGISTERED');
    h.ok(AUTH, 'market.meter', { account: sam.id, period: 2, wh: 1n }, start(3) + 9_999);
    expect(h.send(AUTH, 'market.meter', { account: sam.id, period: 2, wh: 1n }, start(3) + 10_000)).toBe('METER_WINDOW');
  });

  it('an idle chain settles every due period in one block, each once', () => {
    const [sam, bob] = ['sam', 'bob'].map(actor) as [ReturnType<typeof actor>, ReturnType<typeof actor>];
    const h = new Harness({ alloc: { sam: 2n * TES5, bob: 2n * TES5 } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    h.ok(sam, 'market.list', sell(2, 1_000n, 100_000n));
    h.ok(sam, 'market.list', sell(5, 1_000n, 100_000n));
    h.ok(bob, 'market.pick', { listing: 1, wh: 1_000n });
    h.ok(bob, 'market.pick', { listing: 2, wh: 1_000n });
    h.block([], start(1000));
    expect(getTrades(h.state, { account: bob.address }).map((t) => t.status)).toEqual(['settled', 'settled']);
    expect(readSettleCursor(h.state)).toBe(999);
    const snapshot = new Map(h.state.map);
    h.block([], start(1000) + 1);
    expect(h.state.map.get('m/t/1')).toEqual(snapshot.get('m/t/1'));
    h.conserve();
  });
});
