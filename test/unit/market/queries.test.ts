import { describe, expect, it } from 'vitest';
import { Harness, actor, G } from './harness.ts';
import { getMarketStatus, getOrderBook, getParticipant, recommend } from '../../../src/market/index.ts';

const TES10 = 10_000_000n;
const [NIA, CAI, SOU, BEA, BOB] = ['nia', 'cai', 'sou', 'bea', 'bob'].map(actor) as [ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>];

function book(): Harness {
  const h = new Harness({ alloc: { nia: TES10, cai: TES10, sou: TES10, bea: TES10, bob: TES10 } });
  h.join(NIA, 'seller', 'north');
  h.join(CAI, 'seller', 'central');
  h.join(SOU, 'seller', 'south');
  h.join(BEA, 'buyer', 'south');
  h.join(BOB, 'buyer', 'central');
  h.ok(NIA, 'market.list', { side: 'sell', period: 2, wh: 4_000n, price: 100_000n, region: 'north', source: 'solar', carbon: 0 });
  h.ok(CAI, 'market.list', { side: 'sell', period: 2, wh: 4_000n, price: 104_000n, region: 'central', source: 'gas', carbon: 400 });
  h.ok(SOU, 'market.list', { side: 'sell', period: 2, wh: 4_000n, price: 112_000n, region: 'south', source: 'wind', carbon: 20 });
  h.ok(BEA, 'market.list', { side: 'buy', period: 2, wh: 1_000n, price: 130_000n, region: 'south', source: '', carbon: 0 });
  h.ok(BOB, 'market.list', { side: 'buy', period: 2, wh: 1_000n, price: 128_000n, region: 'central', source: '', carbon: 0 });
  return h;
}

describe('read-only queries', () => {
  it('recommend for a buyer: landed cost = price + route stamps, then credit and carbon weights', () => {
    const h = book();
    // Landed at the buyer's region (south): nia 100,000 + 25,000; cai 104,000 + 17,000; sou 112,000 + 12,000.
    const plain = recommend(h.state, { buyer: BEA.address, period: 2, wh: 6_000n, weights: { credit: 0n, carbon: 0n } });
    expect(plain.ranking.map((r) => [r.listing.id, r.landedPrice, r.route])).toEqual([
      [2, 121_000n, ['central', 'south']],
      [3, 124_000n, ['south']],
      [1, 125_000n, ['north', 'central', 'south']],
    ]);
    // Defaults: + 20,000 × (1000 − 500) / 1000 = 10,000 for credit (all BB), + 50,000 × g/1000 for carbon:
    // nia 135,000; cai 121,000 + 10,000 + 20,000 = 151,000; sou 124,000 + 10,000 + 1,000 = 135,000 (tie → lower id)
    const r = recommend(h.state, { buyer: BEA.address, period: 2, wh: 6_000n });
    expect(r.ranking.map((x) => [x.listing.id, x.score])).toEqual([[1, 135_000n], [3, 135_000n], [2, 151_000n]]);
    // Picks fill 6,000 Wh: 4,000 of nia (400,000 + 100,000 fee) and 2,000 of sou (224,000 + 24,000 fee).
    expect(r.picks).toEqual([
      { listing: 1, wh: 4_000n, price: 100_000n, energy: 400_000n, fee: 100_000n },
      { listing: 3, wh: 2_000n, price: 112_000n, energy: 224_000n, fee: 24_000n },
    ]);
    expect([r.filledWh, r.energy, r.fee, r.total]).toEqual([6_000n, 624_000n, 124_000n, 748_000n]);
    const short = recommend(h.state, { buyer: BEA.address, period: 2, wh: 20_000n });
    expect(short.filledWh).toBe(12_000n);
  });

  it('recommend for a seller: buy-listings by price and credit, own listings left out', () => {
    const h = book();
    const r = recommend(h.state, { seller: CAI.address, period: 2, wh: 1_500n });
    expect(r.ranking.map((x) => [x.listing.id, x.score])).toEqual([[4, 120_000n], [5, 118_000n]]);
    expect(r.picks.map((p) => [p.listing, p.wh])).toEqual([[4, 1_000n], [5, 500n]]);
  });

  it('order book: sells cheapest first, buys dearest first', () => {
    const h = book();
    const b = getOrderBook(h.state, 2);
    expect(b.sells.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(b.buys.map((l) => l.id)).toEqual([4, 5]);
    expect(b.sells[0]!.owner).toBe(NIA.address);
    expect(getOrderBook(h.state, 3)).toEqual({ period: 3, sells: [], buys: [] });
  });

  it('participant view and market status', () => {
    const h = book();
    expect(getParticipant(h.state, NIA.address)).toMatchObject({ role: 'seller', status: 'approved', region: 'north', bond: 5_000_000n, requiredBond: 4_000_000n, open: 1 });
    expect(getParticipant(h.state, actor('nobody').address)).toBeUndefined();
    const s = getMarketStatus(h.state, h.ctx, G + 12_345);
    expect(s).toMatchObject({ enabled: true, currentPeriod: 0, nextOpenPeriod: 1, nextGateClosure: BigInt(G + 25_000), gateClosureMs: 5_000, meterWindowMs: 10_000 });
    expect(s.pendingPeriods).toEqual([{ period: 2, settlesAt: BigInt(G + 100_000) }]);
    expect(s.regions.map((r) => [r.id, r.stamp])).toEqual([['central', 5_000n], ['north', 8_000n], ['south', 12_000n]]);
    expect(getMarketStatus(h.state, h.ctx, G + 25_000).nextOpenPeriod).toBe(2);
  });
});
