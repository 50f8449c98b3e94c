import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Harness, actor, AUTH, G, PERIOD, testMarket, type Actor, type TxSpec } from './harness.ts';
import { sumHoldings } from '../../../src/market/conservation.ts';
import { toHex } from '../../../src/chain/bytes.ts';
import { CREDIT_DEFAULTS } from '../../../src/market/credit/config.ts';
import { getCheck } from '../../../src/market/index.ts';
import { lastOfList } from '../../../src/market/records/lists.ts';
import { accountListingsBase } from '../../../src/market/keys.ts';

const SELLERS = [actor('s-north'), actor('s-central'), actor('s-south')];
const BUYERS = [actor('b-north'), actor('b-central'), actor('b-south')];
const REGIONS = ['north', 'central', 'south'];
const EVERYONE = [...SELLERS, ...BUYERS];

// One random market transaction, resolved against the chain's current time.
type Op = (h: Harness) => TxSpec;
const who = fc.constantFrom(...EVERYONE);
const period = (off: number) => (h: Harness) => Math.max(0, Math.floor((h.time - G) / PERIOD) + off);
const id = fc.integer({ min: 1, max: 6 });
const list: fc.Arbitrary<Op> = fc
  .record({ a: who, off: fc.integer({ min: -1, max: 4 }), wh: fc.bigInt(1n, 6_000n), price: fc.bigInt(1n, 300_000n), r: fc.constantFrom(...REGIONS), odd: fc.integer({ min: 0, max: 9 }) })
  .map(({ a, off, wh, price, r, odd }) => (h: Harness) => ({
    from: a,
    kind: 'market.list',
    // Mostly the actor's own side; one in ten tries the wrong one.
    payload: BUYERS.includes(a) !== (odd === 0)
      ? { side: 'buy', period: period(off)(h), wh, price, region: r, source: '', carbon: 0 }
      : { side: 'sell', period: period(off)(h), wh, price, region: r, source: 'wind', carbon: 30 },
  }));
const pick: fc.Arbitrary<Op> = fc.record({ a: who, id, wh: fc.bigInt(1n, 3_000n) }).map(({ a, id, wh }) => () => ({ from: a, kind: 'market.pick', payload: { listing: id, wh } }));
const cancel: fc.Arbitrary<Op> = fc.record({ a: who, id }).map(({ a, id }) => () => ({ from: a, kind: 'market.cancel', payload: { listing: id } }));
// An account cancels its own newest listing: list-then-cancel, which the violation check flags.
const cancelOwn: fc.Arbitrary<Op> = who.map((a) => (h: Harness) => ({ from: a, kind: 'market.cancel', payload: { listing: lastOfList(h.state, accountListingsBase(a.id)) ?? 0 } }));
const curtail: fc.Arbitrary<Op> = fc.record({ id, wh: fc.bigInt(1n, 3_000n) }).map(({ id, wh }) => () => ({ from: AUTH, kind: 'market.curtail', payload: { trade: id, wh } }));
const ftr: fc.Arbitrary<Op> = fc
  .record({ a: fc.constantFrom(...BUYERS), off: fc.integer({ min: 0, max: 3 }), from: fc.constantFrom(...REGIONS), to: fc.constantFrom(...REGIONS), wh: fc.bigInt(1n, 5_000n), rate: fc.bigInt(1n, 200_000n) })
  .map(({ a, off, from, to, wh, rate }) => (h: Harness) => ({ from: a, kind: 'market.ftr', payload: { from, to, period: period(off)(h), wh, rate } }));
const meter: fc.Arbitrary<Op> = fc
  .record({ a: who, off: fc.integer({ min: -1, max: 0 }), wh: fc.bigInt(0n, 8_000n) })
  .map(({ a, off, wh }) => (h: Harness) => ({ from: AUTH, kind: 'market.meter', payload: { account: a.id, period: period(off)(h), wh } }));
const bond: fc.Arbitrary<Op> = fc
  .record({ a: who, amount: fc.bigInt(1n, 3_000_000n), out: fc.boolean() })
  .map(({ a, amount, out }) => () => ({ from: a, kind: out ? 'market.unbond' : 'market.bond', payload: { amount } }));
const rate: fc.Arbitrary<Op> = fc.record({ a: who, id, score: fc.integer({ min: 0, max: 6 }) }).map(({ a, id, score }) => () => ({ from: a, kind: 'market.rate', payload: { trade: id, score } }));
const exit: fc.Arbitrary<Op> = who.map((a) => () => ({ from: a, kind: 'market.exit', payload: {} }));
// Credit and supervision: agency scores, reports carrying the check's result, rulings, expulsions.
const agency: fc.Arbitrary<Op> = fc.record({ a: who, score: fc.integer({ min: 0, max: 1000 }) }).map(({ a, score }) => () => ({ from: AUTH, kind: 'market.agency', payload: { account: a.id, score } }));
const report: fc.Arbitrary<Op> = fc.record({ by: who, a: who }).map(({ by, a }) => (h: Harness) => {
  const c = getCheck(h.state, a.address);
  return { from: by, kind: 'market.report', payload: { account: a.id, score: c.score, flags: c.flags, note: '' } };
});
const rule: fc.Arbitrary<Op> = fc.record({ id: fc.integer({ min: 1, max: 4 }), confirm: fc.boolean() }).map(({ id, confirm }) => () => ({ from: AUTH, kind: 'market.rule', payload: { report: id, confirm, reason: 'ruled' } }));
const expel: fc.Arbitrary<Op> = fc.record({ a: who, ban: fc.boolean() }).map(({ a, ban }) => () => ({ from: AUTH, kind: 'market.expel', payload: { account: a.id, ban, reason: 'ruling' } }));
const register: fc.Arbitrary<Op> = fc.record({ a: who, r: fc.constantFrom(...REGIONS) }).map(({ a, r }) => () => ({
  from: a, kind: 'market.register', payload: { role: SELLERS.includes(a) ? 'seller' : 'buyer', region: r, docHash: new Uint8Array(32), docFields: 63, source: SELLERS.includes(a) ? 'wind' : '', carbon: 0 },
}));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: list, weight: 8 },
  { arbitrary: pick, weight: 8 },
  { arbitrary: curtail, weight: 3 },
  { arbitrary: meter, weight: 4 },
  { arbitrary: rate, weight: 2 },
  { arbitrary: cancel, weight: 1 },
  { arbitrary: cancelOwn, weight: 3 },
  { arbitrary: ftr, weight: 1 },
  { arbitrary: bond, weight: 1 },
  { arbitrary: exit, weight: 1 },
  { arbitrary: register, weight: 1 },
  { arbitrary: agency, weight: 1 },
  { arbitrary: report, weight: 1 },
  { arbitrary: rule, weight: 1 },
  { arbitrary: expel, weight: 1 },
);
const stepArb = fc.record({ dt: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3_000 }), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 30_000 }), weight: 1 }), ops: fc.array(opArb, { minLength: 0, maxLength: 4, size: 'max' }) });

function run(steps: ReadonlyArray<{ dt: number; ops: Op[] }>, check: (h: Harness) => void): Harness {
  const alloc: Record<string, bigint> = {};
  for (const a of EVERYONE) alloc[a.name] = 20_000_000n;
  // Short agency cycles, a low reward bar and a high exit bar, so rewards, reclaims and forced exits all happen.
  const credit = { ...CREDIT_DEFAULTS, agencyPeriods: 3, inactivePeriods: 6, readmitPeriods: 2, rewardMinScore: 520, exitCredit: 470 };
  const h = new Harness({ alloc, pool: 50_000_000n, market: (m) => ({ ...testMarket(m), credit }) });
  SELLERS.forEach((s, i) => h.join(s, 'seller', REGIONS[i]!));
  BUYERS.forEach((b, i) => h.join(b, 'buyer', REGIONS[i]!));
  // A spoofer from the start (five listings, all cancelled), so reports and rulings have a target.
  const spoof = SELLERS[0]!;
  h.block([1, 2, 3, 4, 5].map(() => ({ from: spoof, kind: 'market.list', payload: { side: 'sell', period: 3, wh: 1_000n, price: 50_000n, region: 'north', source: 'wind', carbon: 30 } })));
  h.block([1, 2, 3, 4, 5].map((n) => ({ from: spoof, kind: 'market.cancel', payload: { listing: n } })));
  for (const s of steps) {
    const t = h.time + s.dt;
    h.time = t - 1; // ops resolve periods against the new block's time
    h.block(s.ops.map((op) => op(h)), t);
    check(h);
  }
  return h;
}

describe('property: random market sequences conserve value', () => {
  it('balances + escrow + bonds + pools = minted after every block (credit rewards and bond penalties included); no amount negative; deterministic', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 60, size: 'max' }), (steps) => {
        const h = run(steps, (x) => {
          const s = sumHoldings(x.state.map);
          expect(s.total).toBe(s.minted);
          expect(s.escrow).toBe(s.recordedEscrow);
          expect(s.bonds).toBe(s.recordedBonds);
          expect(s.negatives).toEqual([]);
        });
        // Run past every period's settlement: all escrow is released.
        h.block([], h.time + 10 * PERIOD);
        const end = sumHoldings(h.state.map);
        expect(end.escrow).toBe(0n);
        expect(end.total).toBe(end.minted);
        const again = run(steps, () => {});
        again.block([], again.time + 10 * PERIOD);
        expect(toHex(again.acc.root())).toBe(toHex(h.acc.root()));
      }),
      { numRuns: 40, seed: 20_251_123 },
    );
  });
});

// Keep the type import used under verbatimModuleSyntax.
export type { Actor };
