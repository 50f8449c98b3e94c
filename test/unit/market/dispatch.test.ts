import { describe, expect, it } from 'vitest';
import { Harness, actor, start, AUTH } from './harness.ts';
import { getFtr, getListing, getMarketStatus, getTrades } from '../../../src/market/index.ts';
import { devRegionFeeAccount } from '../../../src/market/devGenesis.ts';

const TES10 = 10_000_000n;
const NIA = actor('nia'); // seller, north, 100,000 µTES/kWh
const CAI = actor('cai'); // seller, central, 104,000 µTES/kWh
const BEA = actor('bea'); // buyer, south

function setup(): Harness {
  const h = new Harness({ alloc: { nia: TES10, cai: TES10, bea: TES10 } });
  h.join(NIA, 'seller', 'north');
  h.join(CAI, 'seller', 'central');
  h.join(BEA, 'buyer', 'south');
  return h;
}

describe('dispatch: curtailment, contract transfer, refund, FTR (SPEC 4)', () => {
  it('worked example: moved to a second seller, then partly moved and partly refunded, with an FTR payout', () => {
    const h = setup();
    h.ok(NIA, 'market.list', { side: 'sell', period: 2, wh: 5_000n, price: 100_000n, region: 'north', source: 'solar', carbon: 0 });
    h.ok(CAI, 'market.list', { side: 'sell', period: 2, wh: 2_000n, price: 104_000n, region: 'central', source: 'gas', carbon: 400 });
    // FTR north→south, period 2: 2,500 Wh at 50,000 µTES/kWh. Premium = 10% of floor(2,500 × 50,000 / 1000)
    // = 10% of 125,000 = 12,500, into the pool.
    h.ok(BEA, 'market.ftr', { from: 'north', to: 'south', period: 2, wh: 2_500n, rate: 50_000n });
    expect(h.send(BEA, 'market.ftr', { from: 'north', to: 'south', period: 2, wh: 1n, rate: 1n })).toBe('FTR_EXISTS');
    const pool0 = getMarketStatus(h.state, h.ctx, h.time).totals.ftrPool;
    // Trade 1: 5,000 Wh north→south: energy 500,000 + fee 5,000 × 25,000 / 1000 = 125,000 → escrow 625,000.
    h.ok(BEA, 'market.pick', { listing: 1, wh: 5_000n });
    let bea = 5_000_000n - 12_500n - 625_000n;
    expect(h.balance(BEA)).toBe(bea);

    expect(h.send(BEA, 'market.curtail', { trade: 1, wh: 1n })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.curtail', { trade: 9, wh: 1n })).toBe('UNKNOWN_TRADE');
    expect(h.send(AUTH, 'market.curtail', { trade: 1, wh: 5_001n })).toBe('OVER_CURTAIL');

    // Curtail 1,500 Wh between gate closure and the period's start.
    h.ok(AUTH, 'market.curtail', { trade: 1, wh: 1_500n }, start(2) - 2_000);
    // 1. trade 1 keeps cost(3,500) = 350,000 + 87,500 = 437,500; 187,500 comes back.
    // 2. FTR pays floor(1,500 × 50,000 / 1000) = 75,000 (1,000 Wh of cover left).
    // 3. transfer to cai (landed 104,000 + 5,000 + 12,000 = 121,000): trade 2, 1,500 Wh,
    //    energy floor(1,500 × 104,000 / 1000) = 156,000, fee 7,500 + 18,000 = 25,500 → escrow 181,500.
    bea += 187_500n + 75_000n - 181_500n;
    expect(h.balance(BEA)).toBe(bea);
    let trades = getTrades(h.state, { period: 2 });
    expect(trades.map((t) => [t.id, t.seller, t.wh, t.curtailed, t.escrow, t.origin])).toEqual([
      [1, NIA.address, 5_000n, 1_500n, 437_500n, 0],
      [2, CAI.address, 1_500n, 0n, 181_500n, 1],
    ]);
    expect(trades[1]!.route.map((r) => r.region)).toEqual(['central', 'south']);
    expect(getListing(h.state, 2)!.rest).toBe(500n);

    // Curtail 2,000 Wh more: only 500 Wh can move; 1,500 Wh is refunded.
    h.ok(AUTH, 'market.curtail', { trade: 1, wh: 2_000n }, start(2) - 1_000);
    // 1. trade 1 keeps cost(1,500) = 150,000 + 37,500 = 187,500; 250,000 comes back.
    // 2. FTR pays floor(min(2,000, 1,000) × 50,000 / 1000) = 50,000; its cover is used up.
    // 3. trade 3 takes cai's last 500 Wh: 52,000 + 2,500 + 6,000 = 60,500.
    bea += 250_000n + 50_000n - 60_500n;
    expect(h.balance(BEA)).toBe(bea);
    expect(bea).toBe(4_683_000n);
    trades = getTrades(h.state, { period: 2 });
    expect(trades.map((t) => [t.id, t.wh - t.curtailed, t.escrow])).toEqual([[1, 1_500n, 187_500n], [2, 1_500n, 181_500n], [3, 500n, 60_500n]]);
    expect(getListing(h.state, 2)!.status).toBe('closed');
    expect(getFtr(h.state, BEA.address, 2, 'north', 'south')).toEqual({ wh: 0n, rate: 50_000n, premium: 12_500n, paid: 125_000n });
    expect(getMarketStatus(h.state, h.ctx, h.time).totals.ftrPool).toBe(pool0 - 125_000n);

    expect(h.send(AUTH, 'market.curtail', { trade: 1, wh: 1n }, start(2))).toBe('DISPATCH_CLOSED');

    h.ok(AUTH, 'market.meter', { account: BEA.id, period: 2, wh: 3_500n }, start(2) + 5);
    h.ok(AUTH, 'market.meter', { account: NIA.id, period: 2, wh: 1_500n });
    h.ok(AUTH, 'market.meter', { account: CAI.id, period: 2, wh: 2_000n });
    const nia = h.balance(NIA);
    const cai = h.balance(CAI);
    h.block([], start(3) + 10_000);
    expect(h.balance(NIA) - nia).toBe(150_000n);
    expect(h.balance(CAI) - cai).toBe(156_000n + 52_000n);
    expect(h.balance(BEA)).toBe(4_683_000n); // exact escrows: nothing to refund, no deviation
    expect(h.balance(devRegionFeeAccount('north'))).toBe(12_000n);
    expect(h.balance(devRegionFeeAccount('central'))).toBe(7_500n + 7_500n + 2_500n);
    expect(h.balance(devRegionFeeAccount('south'))).toBe(18_000n + 18_000n + 6_000n);
    h.conserve();
  });

  it('a curtailment with no open sell-listing left is refunded in full, and settles at zero', () => {
    const h = setup();
    h.ok(NIA, 'market.list', { side: 'sell', period: 2, wh: 1_000n, price: 100_000n, region: 'north', source: 'solar', carbon: 0 });
    h.ok(BEA, 'market.pick', { listing: 1, wh: 1_000n }); // escrow 100,000 + 25,000
    const before = h.balance(BEA);
    h.ok(AUTH, 'market.curtail', { trade: 1, wh: 1_000n });
    expect(h.balance(BEA) - before).toBe(125_000n);
    expect(getTrades(h.state, { period: 2 })).toHaveLength(1);
    h.block([], start(3) + 10_000);
    expect(getTrades(h.state, { period: 2 })[0]!.settlement).toMatchObject({ executedWh: 0n, energy: 0n, fee: 0n, buyerDeviation: 0n, sellerDeviation: 0n });
    expect(h.balance(BEA)).toBe(before + 125_000n);
    h.conserve();
  });

  it('the transfer takes only what the buyer can escrow at the new price', () => {
    const h = setup();
    h.ok(NIA, 'market.list', { side: 'sell', period: 2, wh: 10_000n, price: 100_000n, region: 'north', source: 'solar', carbon: 0 });
    h.ok(CAI, 'market.list', { side: 'sell', period: 2, wh: 10_000n, price: 500_000n, region: 'central', source: 'gas', carbon: 400 });
    h.ok(BEA, 'market.pick', { listing: 1, wh: 10_000n }); // 1,000,000 + 250,000
    h.ok(BEA, 'market.bond', { amount: h.balance(BEA) }); // leave nothing spare
    h.ok(AUTH, 'market.curtail', { trade: 1, wh: 10_000n });
    // 1,250,000 back; at 500,000 + 17,000 stamps the buyer affords floor(1,250,000 × 1000 / 517,000) = 2,417 Wh:
    // 1,208,500 + 12,085 + 29,004 = 1,249,589 ≤ 1,250,000, and 2,418 Wh would cost 1,250,106.
    const t2 = getTrades(h.state, { period: 2 })[1]!;
    expect(t2.wh).toBe(2_417n);
    expect(t2.escrow).toBe(1_249_589n);
    expect(h.balance(BEA)).toBe(411n);
    h.conserve();
  });
});
