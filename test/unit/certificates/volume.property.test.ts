/**
 * Property: over random market and certificate histories, after every block
 * - certificate volume is conserved: issued = free + listed + claimed + revoked, per lot
 *   and in total, and the records agree with the totals (harness.checkCertVolume);
 * - issuance equals metered, sold and settled renewable delivery, once per period
 *   (invariants.expectIssuanceMatchesSettlement);
 * - every closed quota was fined exactly (invariants.expectFinesExact);
 * - lots never change owner or origin, and claimed volume only grows;
 * - the market's money is conserved as before;
 * and the same history gives the same state root.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CertHarness } from './harness.ts';
import { actor, AUTH, G, PERIOD, testMarket, type Actor, type TxSpec } from '../market/harness.ts';
import { expectFinesExact, expectIssuanceMatchesSettlement } from './invariants.ts';
import { toHex } from '../../../src/chain/bytes.ts';
import { decodeTrusted } from '../../../src/chain/codec.ts';
import { sumHoldings } from '../../../src/market/conservation.ts';
import { MarketKey } from '../../../src/market/keys.ts';
import { peekCertId } from '../../../src/certificates/records/counters.ts';
import { readCertListing } from '../../../src/certificates/records/listing.ts';

const SELLERS: ReadonlyArray<[Actor, string]> = [[actor('p-sun'), 'solar'], [actor('p-wind'), 'wind'], [actor('p-gas'), 'gas']];
const BUYERS = [actor('p-b1'), actor('p-b2'), actor('p-b3')];
const EVERYONE = [...SELLERS.map(([a]) => a), ...BUYERS];
const N = 2; // delivery periods per compliance period
const now = (h: CertHarness) => Math.max(0, Math.floor((h.time - G) / PERIOD));

type Op = (h: CertHarness, planned: { listings: number }) => TxSpec[];
const nextMarketListing = (h: CertHarness): number => {
  const raw = h.state.get(MarketKey.sequence);
  return raw ? (decodeTrusted(raw) as [number, number])[0] : 1;
};
const pickOf = <T>(xs: readonly T[], i: number): T | undefined => (xs.length ? xs[i % xs.length] : undefined);

// A sale: a seller lists for a coming period and a buyer picks (part of) it in the same block.
const sale: fc.Arbitrary<Op> = fc
  .record({ s: fc.integer({ min: 0, max: 2 }), b: fc.integer({ min: 0, max: 1 }), off: fc.integer({ min: 1, max: 3 }), wh: fc.bigInt(1n, 5_000n), part: fc.integer({ min: 1, max: 100 }) })
  .map(({ s, b, off, wh, part }) => (h, planned) => {
    const id = nextMarketListing(h) + planned.listings;
    planned.listings += 1;
    const [seller, source] = SELLERS[s]!;
    const txs: TxSpec[] = [
      { from: seller, kind: 'market.list', payload: { side: 'sell', period: now(h) + off, wh, price: 50_000n, region: 'central', source, carbon: 10 } },
      { from: BUYERS[b]!, kind: 'market.pick', payload: { listing: id, wh: (wh * BigInt(part)) / 100n || 1n } },
    ];
    return txs;
  });
const meter: fc.Arbitrary<Op> = fc
  .record({ a: fc.integer({ min: 0, max: 5 }), off: fc.integer({ min: -1, max: 0 }), wh: fc.bigInt(0n, 6_000n) })
  .map(({ a, off, wh }) => (h) => [{ from: AUTH, kind: 'market.meter', payload: { account: EVERYONE[a]!.id, period: Math.max(0, now(h) + off), wh } }]);
const curtail: fc.Arbitrary<Op> = fc.record({ t: fc.integer({ min: 1, max: 12 }), wh: fc.bigInt(1n, 2_000n) }).map(({ t, wh }) => () => [{ from: AUTH, kind: 'market.curtail', payload: { trade: t, wh } }]);
// Certificate operations, resolved against the lots and listings that exist.
// Volumes are a percentage of what the lot or listing holds: up to 120 %, so some ask too much.
const share = (v: bigint, pct: number): bigint => (v * BigInt(pct)) / 100n || 1n;
const ownerOf = (id: Uint8Array): Actor => EVERYONE.find((a) => toHex(a.id) === toHex(id))!;
const list: fc.Arbitrary<Op> = fc.record({ i: fc.nat(), pct: fc.integer({ min: 1, max: 120 }), price: fc.bigInt(1n, 50_000n) }).map(({ i, pct, price }) => (h) => {
  const lot = pickOf(h.lots().filter((l) => l.free > 0n || l.claimed > 0n), i);
  return lot ? [{ from: ownerOf(lot.owner), kind: 'cert.list', payload: { lot: lot.id, wh: share(lot.free, pct), price } }] : [];
});
const certPick: fc.Arbitrary<Op> = fc.record({ i: fc.nat(), b: fc.integer({ min: 0, max: 5 }), pct: fc.integer({ min: 1, max: 120 }) }).map(({ i, b, pct }) => (h) => {
  const open: number[] = [];
  for (let id = 1; id < peekCertId(h.state, 'listing'); id++) if (readCertListing(h.state, id)!.status === 'open') open.push(id);
  const id = pickOf(open, i);
  return id ? [{ from: EVERYONE[b]!, kind: 'cert.pick', payload: { listing: id, wh: share(readCertListing(h.state, id)!.rest, pct) } }] : [];
});
const certCancel: fc.Arbitrary<Op> = fc.record({ id: fc.integer({ min: 1, max: 10 }), a: fc.integer({ min: 0, max: 5 }) }).map(({ id, a }) => () => [{ from: EVERYONE[a]!, kind: 'cert.cancel', payload: { listing: id } }]);
const claim: fc.Arbitrary<Op> = fc.record({ i: fc.nat(), pct: fc.integer({ min: 1, max: 120 }), auto: fc.boolean(), dc: fc.integer({ min: -1, max: 2 }) }).map(({ i, pct, auto, dc }) => (h) => {
  const lot = pickOf(h.lots().filter((l) => l.free > 0n || l.claimed > 0n), i);
  if (!lot) return [];
  const c = Math.max(0, Math.floor(lot.period / N) + (dc >= 1 ? 0 : dc)); // mostly the lot's own compliance period
  return [{ from: ownerOf(lot.owner), kind: 'cert.claim', payload: { lot: auto ? 0 : lot.id, wh: share(lot.free, pct), period: c, beneficiary: 'b' } }];
});
const revoke: fc.Arbitrary<Op> = fc.record({ i: fc.nat(), pct: fc.integer({ min: 1, max: 120 }) }).map(({ i, pct }) => (h) => {
  const lot = pickOf(h.lots(), i);
  return lot ? [{ from: AUTH, kind: 'cert.revoke', payload: { lot: lot.id, wh: share(lot.free + lot.listed, pct), reason: 'corrected reading' } }] : [];
});
const quota: fc.Arbitrary<Op> = fc
  .record({ a: fc.integer({ min: 2, max: 5 }), dc: fc.integer({ min: 0, max: 1 }), wh: fc.bigInt(0n, 6_000n), percent: fc.integer({ min: 0, max: 100 }), kind: fc.boolean() })
  .map(({ a, dc, wh, percent, kind }) => (h) => [{ from: AUTH, kind: 'cert.quota', payload: { account: EVERYONE[a]!.id, period: Math.floor(now(h) / N) + dc, wh: kind ? wh : 0n, percent: kind ? 0 : percent } }]);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: sale, weight: 6 },
  { arbitrary: meter, weight: 8 },
  { arbitrary: curtail, weight: 1 },
  { arbitrary: list, weight: 4 },
  { arbitrary: certPick, weight: 4 },
  { arbitrary: certCancel, weight: 1 },
  { arbitrary: claim, weight: 4 },
  { arbitrary: revoke, weight: 1 },
  { arbitrary: quota, weight: 2 },
);
const stepArb = fc.record({
  dt: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5_000 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 40_000 }), weight: 1 }),
  ops: fc.array(opArb, { minLength: 0, maxLength: 4, size: 'max' }),
});

function run(steps: ReadonlyArray<{ dt: number; ops: Op[] }>, check: (h: CertHarness) => void): CertHarness {
  const alloc: Record<string, bigint> = {};
  for (const a of EVERYONE) alloc[a.name] = 50_000_000n;
  alloc[BUYERS[2]!.name] = 100_000n;
  const h = new CertHarness({ alloc, market: testMarket, certs: { compliancePeriods: N, claimGracePeriods: 1 } });
  for (const [s, source] of SELLERS) h.joinSeller(s, 'central', source, 10);
  // b3 does not trade: it keeps no bond and little balance, so some fines are left unpaid.
  BUYERS.forEach((b, i) => h.join(b, 'buyer', 'central', i === 2 ? 0n : 5_000_000n));
  for (const s of steps) {
    const t = h.time + s.dt;
    h.time = t - 1; // ops resolve periods against the new block's time
    const planned = { listings: 0 };
    h.block(s.ops.flatMap((op) => op(h, planned)), t);
    check(h);
  }
  return h;
}

describe('property: random histories of trades, readings and certificate operations', () => {
  it('conserve certificate volume, issue exactly the settled renewable delivery once, and fine exactly, after every block', () => {
    let issuedSomething = 0;
    let finedSomething = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 30, maxLength: 70, size: 'max' }), (steps) => {
        const origin = new Map<number, string>();
        const claimed = new Map<number, bigint>();
        const h = run(steps, (x) => {
          x.checkCertVolume();
          if (expectIssuanceMatchesSettlement(x.state) > 0n) issuedSomething += 1;
          expectFinesExact(x.state, Math.floor(now(x) / N) + 2);
          for (const l of x.lots()) {
            const o = `${toHex(l.owner)}/${toHex(l.generator)}/${l.source}/${l.period}/${l.wh}/${l.parent}/${l.root}`;
            expect(origin.get(l.id) ?? o).toBe(o);
            origin.set(l.id, o);
            expect(l.claimed >= (claimed.get(l.id) ?? 0n)).toBe(true);
            claimed.set(l.id, l.claimed);
          }
          const s = sumHoldings(x.state.map);
          expect(s.total).toBe(s.minted);
          expect(s.negatives).toEqual([]);
        });
        // Past every settlement and compliance close.
        h.block([], h.time + 10 * PERIOD);
        h.checkCertVolume();
        expectIssuanceMatchesSettlement(h.state);
        finedSomething += expectFinesExact(h.state, Math.floor(now(h) / N) + 2);
        const again = run(steps, () => {});
        again.block([], again.time + 10 * PERIOD);
        expect(toHex(again.acc.root())).toBe(toHex(h.acc.root()));
      }),
      { numRuns: 30, seed: 20_261_113 },
    );
    // The histories must actually exercise issuance and fines.
    expect(issuedSomething).toBeGreaterThan(0);
    expect(finedSomething).toBeGreaterThan(0);
  });
});
