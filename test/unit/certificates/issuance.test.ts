import { describe, expect, it } from 'vitest';
import { CertHarness, AUTH, start } from './harness.ts';
import { actor } from '../market/harness.ts';
import { readIssueCursor } from '../../../src/certificates/records/counters.ts';
import { readSettleCursor } from '../../../src/market/records/counters.ts';
import { getTrades } from '../../../src/market/index.ts';
import { getLots } from '../../../src/certificates/query/read.ts';

const TES = 1_000_000n;
type A = ReturnType<typeof actor>;
const [sam, wally, bob, ben] = ['sam', 'wally', 'bob', 'ben'].map(actor) as [A, A, A, A];

function chain(): CertHarness {
  const h = new CertHarness({ alloc: { sam: 10n * TES, wally: 10n * TES, bob: 10n * TES, ben: 10n * TES } });
  h.joinSeller(sam, 'central', 'solar', 20);
  h.joinSeller(wally, 'north', 'gas', 450);
  h.join(bob, 'buyer', 'central');
  h.join(ben, 'buyer', 'south');
  return h;
}

describe('issuance at settlement', () => {
  it('issues a renewable seller its metered delivery that was sold and settled, in the settlement block, with the declared origin', () => {
    const h = chain();
    h.trade(sam, bob, 2, 4_000n, 100_000n);
    h.trade(sam, ben, 2, 2_000n, 100_000n);
    h.trade(wally, bob, 2, 1_000n, 90_000n, 'north', 'wind'); // the listing says wind; the registration says gas
    h.meter(sam, 2, 5_000n); // sold 6,000, delivered 5,000
    h.meter(wally, 2, 1_000n);
    h.meter(bob, 2, 5_000n);
    h.meter(ben, 2, 2_000n);
    h.block([], start(3) + 9_999);
    expect(h.lots()).toEqual([]); // not settled yet
    h.settle(2);
    // Sam's 5,000 Wh are shared over his trades as 3,333 and 1,667 (largest remainder);
    // each trade counts min(executed, metered share): 3,333 + 1,667 = 5,000.
    const [t1, t2] = getTrades(h.state, { period: 2 });
    expect([t1!.settlement!.sellerMeteredWh, t2!.settlement!.sellerMeteredWh]).toEqual([3_333n, 1_667n]);
    expect(h.lots()).toEqual([{
      id: 1, owner: sam.id, generator: sam.id, source: 'solar', region: 'central', carbon: 20, period: 2,
      wh: 5_000n, free: 5_000n, listed: 0n, sold: 0n, claimed: 0n, revoked: 0n, parent: 0, root: 1, height: h.height, listings: [],
    }]);
    // Wally declared gas at registration: nothing, whatever its listing said.
    expect(getLots(h.state, { owner: wally.id })).toEqual([]);
    expect(getLots(h.state, { generator: sam.id, period: 2 }).map((l) => l.id)).toEqual([1]);
    h.checkCertVolume();
  });

  it('counts no more than was sold, nothing curtailed, and nothing without a reading', () => {
    const h = chain();
    h.trade(sam, bob, 2, 3_000n, 100_000n);
    h.trade(sam, ben, 3, 3_000n, 100_000n);
    h.trade(sam, bob, 4, 2_000n, 100_000n);
    // Dispatch curtails 1,000 Wh of period 3's trade (nothing else to transfer it to: refunded).
    h.ok(AUTH, 'market.curtail', { trade: 2, wh: 1_000n }, start(3) - 1_000);
    h.meter(sam, 2, 3_500n); // delivered more than sold: 3,000 count
    h.meter(sam, 3, 3_000n); // executed 2,000 after curtailment: 2,000 count
    // period 4: no reading for sam, a missing reading is 0 Wh
    h.settle(4);
    expect(h.lots().map((l) => [l.period, l.wh])).toEqual([[2, 3_000n], [3, 2_000n]]);
    h.checkCertVolume();
  });

  it('considers each settled period once: later blocks issue nothing more, and the cursor follows settlement', () => {
    const h = chain();
    h.trade(sam, bob, 2, 3_000n, 100_000n);
    h.meter(sam, 2, 3_000n);
    h.settle(2);
    expect(readIssueCursor(h.state)).toBe(readSettleCursor(h.state));
    const issued = h.lots();
    expect(issued.map((l) => l.wh)).toEqual([3_000n]);
    for (let i = 0; i < 5; i++) h.block([], h.time + 7_000);
    h.block([], h.time + 20 * 30_000); // an idle stretch: many periods settle at once
    expect(h.lots()).toEqual(issued);
    expect(readIssueCursor(h.state)).toBe(readSettleCursor(h.state));
    h.checkCertVolume();
  });

  it('a chain without a certificates section issues nothing, writes no g/ key, and refuses cert kinds', () => {
    const h = new CertHarness({ noCerts: true, alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.joinSeller(sam, 'central', 'solar', 20);
    h.join(bob, 'buyer', 'central');
    h.trade(sam, bob, 2, 3_000n, 100_000n);
    h.meter(sam, 2, 3_000n);
    h.settle(2);
    expect([...h.state.map.keys()].filter((k) => k.startsWith('g/'))).toEqual([]);
    h.refuse(sam, 'cert.list', { lot: 1, wh: 1n, price: 1n }, 'CERTS_DISABLED');
  });
});
