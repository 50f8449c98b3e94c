import { describe, expect, it } from 'vitest';
import { CertHarness, start } from './harness.ts';
import { actor, AUTH } from '../market/harness.ts';
import { COMMUNITY_POOL_ID } from '../../../src/chain/state/accounts.ts';
import { readPenalties } from '../../../src/market/records/ledger.ts';
import { readCreditRecord } from '../../../src/market/credit/record.ts';
import { readClaim } from '../../../src/certificates/records/claim.ts';
import { readComplianceCursor } from '../../../src/certificates/records/counters.ts';
import { getQuotas } from '../../../src/certificates/query/read.ts';
import { computeMatching } from '../../../src/certificates/query/matching.ts';

const TES = 1_000_000n;
type A = ReturnType<typeof actor>;
const [sam, bob, ben, carl, dan] = ['sam', 'bob', 'ben', 'carl', 'dan'].map(actor) as [A, A, A, A, A];

/**
 * Dev certificate rules: compliance period 1 is delivery periods 2–3; it closes in the
 * block that settles period 5 (2 periods of grace), at start(6) + 10 s. Fine: 60 TES/MWh.
 *
 * Sam (solar) sells 5,000 Wh in period 2 and 1,000 Wh in period 3 and delivers them:
 * lot 1 (period 2, 5,000 Wh) and lot 2 (period 3, 1,000 Wh). He lists both; bob picks
 * 3,000 of lot 1 (lot 3) and 1,000 of lot 2 (lot 5), ben 2,000 of lot 1 (lot 4).
 */
function compliancePeriodOne(): CertHarness {
  const h = new CertHarness({ alloc: { sam: 10n * TES, bob: 10n * TES, ben: 10n * TES, carl: 5_040_000n } });
  h.joinSeller(sam, 'central', 'solar', 20);
  h.join(bob, 'buyer', 'central');
  h.join(ben, 'buyer', 'central');
  h.join(carl, 'buyer', 'central'); // 40,000 µTES left after its 5 TES bond
  h.join(dan, 'buyer', 'central', 0n); // no funds, no bond
  h.trade(sam, bob, 2, 3_000n, 100_000n);
  h.trade(sam, ben, 2, 2_000n, 100_000n);
  h.trade(sam, bob, 3, 1_000n, 100_000n);
  h.meter(sam, 2, 5_000n);
  h.meter(bob, 2, 3_000n);
  h.meter(ben, 2, 2_000n);
  h.settle(2);
  // The regulator sets quotas once period 2 settled: bob's percent quota counts period 2 at once.
  h.ok(AUTH, 'cert.quota', { account: bob.id, period: 1, wh: 0n, percent: 50 });
  h.ok(AUTH, 'cert.quota', { account: ben.id, period: 1, wh: 4_000n, percent: 0 });
  h.ok(AUTH, 'cert.quota', { account: carl.id, period: 1, wh: 1_234n, percent: 0 });
  h.ok(AUTH, 'cert.quota', { account: dan.id, period: 1, wh: 1_000n, percent: 0 });
  h.meter(sam, 3, 1_000n);
  h.meter(bob, 3, 3_000n);
  h.settle(3);
  h.ok(sam, 'cert.list', { lot: 1, wh: 5_000n, price: 10_000n });
  h.ok(sam, 'cert.list', { lot: 2, wh: 1_000n, price: 10_000n });
  h.ok(bob, 'cert.pick', { listing: 1, wh: 3_000n }); // lot 3
  h.ok(ben, 'cert.pick', { listing: 1, wh: 2_000n }); // lot 4
  h.ok(bob, 'cert.pick', { listing: 2, wh: 1_000n }); // lot 5
  return h;
}

describe('claims', () => {
  it('retire volume for a beneficiary and period, oldest generation first; claimed volume is never claimed, listed or moved again', () => {
    const h = compliancePeriodOne();
    const r = h.block([{ from: bob, kind: 'cert.claim', payload: { lot: 0, wh: 3_500n, period: 1, beneficiary: "Bob's Bakery" } }])[0]!;
    expect(r.result).toEqual({ claim: 1, lots: 2 });
    expect(readClaim(h.state, 1)).toMatchObject({ claimant: bob.id, beneficiary: "Bob's Bakery", period: 1, wh: 3_500n, lots: [{ lot: 3, wh: 3_000n, period: 2 }, { lot: 5, wh: 500n, period: 3 }] });
    expect(h.lot(3)).toMatchObject({ free: 0n, claimed: 3_000n });
    expect(h.lot(5)).toMatchObject({ free: 500n, claimed: 500n });
    h.refuse(bob, 'cert.claim', { lot: 0, wh: 501n, period: 1, beneficiary: 'again' }, 'OVER_CLAIM');
    expect(h.refuse(bob, 'cert.claim', { lot: 3, wh: 1n, period: 1, beneficiary: 'again' }, 'OVER_CLAIM')).toMatch(/never claimed again/);
    expect(h.refuse(bob, 'cert.list', { lot: 3, wh: 1n, price: 1n }, 'CLAIMED_VOLUME')).toMatch(/claimed volume is retired and can never be listed/);
    h.refuse(bob, 'cert.list', { lot: 5, wh: 501n, price: 1n }, 'CLAIMED_VOLUME');
    h.refuse(bob, 'cert.claim', { lot: 5, wh: 1n, period: 2, beneficiary: 'x' }, 'WRONG_VINTAGE');
    h.refuse(bob, 'cert.claim', { lot: 5, wh: 1n, period: 1, beneficiary: '  ' }, 'BENEFICIARY_REQUIRED');
    h.refuse(ben, 'cert.claim', { lot: 5, wh: 1n, period: 1, beneficiary: 'x' }, 'NOT_HOLDER');
    h.refuse(bob, 'cert.claim', { lot: 5, wh: 0n, period: 1, beneficiary: 'x' }, 'BAD_AMOUNT');
    // The last 500 Wh: claimed once, then nothing is left to claim.
    h.ok(bob, 'cert.claim', { lot: 5, wh: 500n, period: 1, beneficiary: "Bob's Bakery" });
    h.refuse(bob, 'cert.claim', { lot: 0, wh: 1n, period: 1, beneficiary: 'x' }, 'OVER_CLAIM');
    h.checkCertVolume();
  });
});

describe('quotas and fines at the end of a compliance period', () => {
  it('fines each shortfall exactly, from balance then bond, publishes it and costs credit points', () => {
    const h = compliancePeriodOne();
    h.ok(bob, 'cert.claim', { lot: 0, wh: 3_500n, period: 1, beneficiary: "Bob's Bakery" });
    h.ok(ben, 'cert.claim', { lot: 4, wh: 2_000n, period: 1, beneficiary: 'Ben' });
    const before = { ben: h.balance(ben), carl: h.balance(carl), carlBond: h.bond(carl), pool: h.balance(COMMUNITY_POOL_ID) };
    const benCredit = readCreditRecord(h.state, ben.id)!;

    h.block([], start(6) + 9_999);
    expect(readComplianceCursor(h.state)).toBe(1);
    expect(getQuotas(h.state, 1).every((q) => !q.closed)).toBe(true);
    h.block([], start(6) + 10_000); // settles period 5: compliance period 1 closes
    expect(readComplianceCursor(h.state)).toBe(2);

    const q = Object.fromEntries(getQuotas(h.state, 1).map((x) => [x.account, x]));
    // bob: 50 % of 3,000 + 3,000 Wh consumed = 3,000 Wh; claimed 3,500: no fine, no points.
    expect(q[bob.address]).toMatchObject({ consumedWh: 6_000n, requiredWh: 3_000n, claimedWh: 3_500n, shortfallWh: 0n, fine: 0n, closed: true });
    expect(q[bob.address]!.outcome).toMatchObject({ fine: 0n, points: 0 });
    // ben: 4,000 − 2,000 = 2,000 Wh short × 60,000,000 µTES/MWh / 1,000,000 = 120,000 µTES, from his balance.
    expect(q[ben.address]!.outcome).toMatchObject({ required: 4_000n, claimed: 2_000n, shortfall: 2_000n, fine: 120_000n, fromBalance: 120_000n, fromBond: 0n, unpaid: 0n, points: 50 });
    expect(h.balance(ben)).toBe(before.ben - 120_000n);
    // carl: 1,234 Wh short: floor(1,234 × 60) = 74,040 µTES; 40,000 from the balance, 34,040 from the bond.
    expect(q[carl.address]!.outcome).toMatchObject({ shortfall: 1_234n, fine: 74_040n, fromBalance: 40_000n, fromBond: 34_040n, unpaid: 0n });
    expect(h.balance(carl)).toBe(0n);
    expect(h.bond(carl)).toBe(before.carlBond - 34_040n);
    expect(readPenalties(h.state, carl.id)).toMatchObject({ count: 1, fromBond: 34_040n, unpaid: 0n, lastPeriod: 3 });
    // dan: no balance, no bond: 60,000 µTES fined and left unpaid, on record.
    expect(q[dan.address]!.outcome).toMatchObject({ fine: 60_000n, fromBalance: 0n, fromBond: 0n, unpaid: 60_000n });
    expect(readPenalties(h.state, dan.id)).toMatchObject({ count: 1, unpaid: 60_000n });
    // Fines go to the community pool.
    expect(h.balance(COMMUNITY_POOL_ID) - before.pool).toBe(120_000n + 40_000n + 34_040n);
    // Credit: one shortfall more and its points in the penalty part.
    const benAfter = readCreditRecord(h.state, ben.id)!;
    expect(benAfter.shortfalls).toBe(benCredit.shortfalls + 1);
    expect(benAfter.penaltyPart).toBe(50);
    expect(readCreditRecord(h.state, bob.id)!.penaltyPart).toBe(0);

    // Closed: no more claims or quotas for period 1, and later blocks fine nothing twice.
    h.refuse(ben, 'cert.claim', { lot: 4, wh: 1n, period: 1, beneficiary: 'late' }, 'COMPLIANCE_CLOSED');
    h.refuse(AUTH, 'cert.quota', { account: ben.id, period: 1, wh: 1n, percent: 0 }, 'COMPLIANCE_CLOSED');
    const benNow = h.balance(ben);
    h.block([], h.time + 5 * 30_000);
    expect(h.balance(ben)).toBe(benNow);
    h.conserve();
    h.checkCertVolume();
  });

  it('time matching: per period against certificates of the same period, beside the volume share', () => {
    const h = compliancePeriodOne();
    // bob consumed 3,000 in period 2 and 3,000 in period 3; he holds 3,000 Wh of period 2 and 1,000 of period 3.
    h.ok(bob, 'cert.claim', { lot: 3, wh: 3_000n, period: 1, beneficiary: 'Bob' });
    h.ok(bob, 'cert.claim', { lot: 5, wh: 1_000n, period: 1, beneficiary: 'Bob' });
    const m = computeMatching(h.state, bob.id, 2, 3);
    expect(m.periods).toEqual([
      { period: 2, consumedWh: 3_000n, claimedWh: 3_000n, matchedWh: 3_000n },
      { period: 3, consumedWh: 3_000n, claimedWh: 1_000n, matchedWh: 1_000n },
    ]);
    // time-matched 4,000 of 6,000 = 66.66 %; volume-matched min(4,000, 6,000) = 4,000: the same here.
    expect(m).toMatchObject({ consumedWh: 6_000n, claimedWh: 4_000n, timeMatchedWh: 4_000n, timeMatchedBp: 6_666n, volumeMatchedWh: 4_000n, volumeMatchedBp: 6_666n });
    // Period 2 alone: fully matched.
    expect(computeMatching(h.state, bob.id, 2, 2)).toMatchObject({ timeMatchedBp: 10_000n, volumeMatchedBp: 10_000n });
  });

  it('time matching differs from volume matching when certificates come from other periods', () => {
    const h = compliancePeriodOne();
    // ben consumed 2,000 in period 2 and nothing in period 3; he buys bob's period-3 lot and claims it.
    h.ok(bob, 'cert.list', { lot: 5, wh: 1_000n, price: 1n }); // listing 3
    expect(h.block([{ from: ben, kind: 'cert.pick', payload: { listing: 3, wh: 1_000n } }])[0]!.result.lot).toBe(6);
    h.ok(ben, 'cert.claim', { lot: 6, wh: 1_000n, period: 1, beneficiary: 'Ben' });
    const m = computeMatching(h.state, ben.id, 2, 3);
    // 1,000 Wh of period-3 certificates against 2,000 Wh consumed in period 2 only.
    expect(m).toMatchObject({ consumedWh: 2_000n, claimedWh: 1_000n, timeMatchedWh: 0n, timeMatchedBp: 0n, volumeMatchedWh: 1_000n, volumeMatchedBp: 5_000n });
  });

  it('refuses quotas from anyone but the regulator, for non-buyers, and of both kinds at once', () => {
    const h = compliancePeriodOne();
    h.refuse(bob, 'cert.quota', { account: ben.id, period: 1, wh: 1n, percent: 0 }, 'NOT_AUTHORIZED');
    h.refuse(AUTH, 'cert.quota', { account: sam.id, period: 1, wh: 1n, percent: 0 }, 'NOT_A_BUYER');
    h.refuse(AUTH, 'cert.quota', { account: ben.id, period: 1, wh: 1n, percent: 5 }, 'BAD_QUOTA');
    h.refuse(AUTH, 'cert.quota', { account: ben.id, period: 1, wh: 0n, percent: 101 }, 'BAD_QUOTA');
    // Both zero removes a quota: ben owes nothing then.
    h.ok(AUTH, 'cert.quota', { account: ben.id, period: 1, wh: 0n, percent: 0 });
    expect(getQuotas(h.state, 1).map((q) => q.account)).not.toContain(ben.address);
  });
});
