/**
 * Supervision (SPEC 6): the check flags seeded wash trades, spoofing (list-then-cancel)
 * and repeated non-delivery, and not the honest accounts; reports carry the check's
 * result; the regulator confirms (bond penalty, credit points, published) or dismisses.
 */
import { describe, expect, it } from 'vitest';
import { MarketSim } from './marketSim.ts';
import { AUTH } from '../market/harness.ts';
import { credit } from './helpers.ts';
import { getCheck, getCredit, getReport, getReports, getViolations } from '../../../src/market/index.ts';
import { COMMUNITY_POOL_ID, getAccount } from '../../../src/chain/state/accounts.ts';
import { readCreditHistory } from '../../../src/market/credit/record.ts';

function seededMarket(): MarketSim {
  const sim = new MarketSim({ honestSellers: 3, honestBuyers: 3, nonDelivery: 1, spoofers: 1, washPairs: 1, seed: 42 });
  sim.steps(12);
  return sim;
}

describe('the violation check', () => {
  const sim = seededMarket();
  const check = (b: string) => sim.agents.filter((a) => a.behaviour === b).map((a) => getCheck(sim.h.state, a.actor.address));

  it('flags the wash pair: they trade only with each other, off-market, and rate each other 5', () => {
    for (const c of check('wash')) {
      expect(c.verdict).toBe('violation');
      expect(c.indicators.wash).toBeGreaterThanOrEqual(600);
      expect(c.reasons.join('\n')).toMatch(/wash trades/);
      expect(c.flags & 1).toBe(1);
    }
    const [seller] = check('wash');
    expect(seller!.indicators.price).toBeGreaterThanOrEqual(300); // 150,000 against ~100,000
  });

  it('flags the spoofer: every listing cancelled before anyone picked it', () => {
    const [c] = check('spoofer');
    expect(c!.indicators.cancel).toBe(1000);
    expect(c!.indicators.listings).toBe(24);
    expect(c!.verdict).toBe('violation');
    expect(c!.reasons.join('\n')).toMatch(/spoofing: cancel-to-fill 1000‰/);
  });

  it('flags the seller that does not deliver', () => {
    const [c] = check('nonDelivery');
    expect(c!.indicators.failure).toBe(1000);
    expect(c!.indicators.settled).toBeGreaterThanOrEqual(3);
    expect(c!.verdict).toBe('violation');
    expect(c!.reasons.join('\n')).toMatch(/non-delivery/);
  });

  it('does not flag the honest accounts', () => {
    for (const c of check('honest')) {
      expect(c.verdict, `${c.address}: ${c.reasons.join('; ')}`).toBe('clean');
      expect(c.reportable).toBe(false);
    }
  });

  it('the dishonest already score below the honest from ratings and penalties alone', () => {
    const score = (b: string) => sim.of(b as never).map((a) => credit(sim.h, a.actor).composite);
    const honestSellers = sim.agents.filter((a) => a.behaviour === 'honest' && a.role === 'seller').map((a) => credit(sim.h, a.actor).composite);
    expect(Math.max(...score('nonDelivery'))).toBeLessThan(Math.min(...honestSellers));
  });
});

describe('reports and rulings', () => {
  it('anyone files the check\'s result; the regulator confirms: bond penalty into the pool, credit points, published', () => {
    const sim = seededMarket();
    const h = sim.h;
    const spoofer = sim.of('spoofer')[0]!.actor;
    const honest = sim.of('honest')[0]!.actor;
    const c = getCheck(h.state, spoofer.address);
    const file = (account: typeof spoofer, score: number, flags: number) => h.send(sim.watchdog, 'market.report', { account: account.id, score, flags, note: 'saw it list and cancel' });
    expect(file(spoofer, c.score + 1, c.flags)).toBe('CHECK_MISMATCH');
    const hc = getCheck(h.state, honest.address);
    expect(file(honest, hc.score, hc.flags)).toBe('NOT_FLAGGED');
    expect(file(sim.watchdog, 0, 0)).toBe('NOT_REGISTERED');
    expect(file(spoofer, c.score, c.flags)).toBe('');
    expect(file(spoofer, c.score, c.flags)).toBe('REPORT_OPEN');
    const [report] = getReports(h.state, { status: 'open' });
    expect(report).toMatchObject({ id: 1, account: spoofer.address, reporter: sim.watchdog.address, score: c.score, flags: c.flags, status: 'open', note: 'saw it list and cancel' });
    expect(report!.indicators.cancel).toBe(1000);

    expect(h.send(sim.watchdog, 'market.rule', { report: 1, confirm: true, reason: 'spoofing' })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.rule', { report: 9, confirm: true, reason: 'spoofing' })).toBe('UNKNOWN_REPORT');
    expect(h.send(AUTH, 'market.rule', { report: 1, confirm: true, reason: '' })).toBe('REASON_REQUIRED');
    const pool = getAccount(h.state, COMMUNITY_POOL_ID).balance;
    const bond = h.bond(spoofer);
    const before = credit(h, spoofer);
    h.ok(AUTH, 'market.rule', { report: 1, confirm: true, reason: 'list-then-cancel spoofing in 12 periods' });
    // 50 % of the 1 TES bond base, from the bond into the community pool.
    expect(h.bond(spoofer)).toBe(bond - 500_000n);
    expect(getAccount(h.state, COMMUNITY_POOL_ID).balance).toBe(pool + 500_000n);
    const after = credit(h, spoofer);
    expect(after.violations).toBe(1);
    expect(after.penaltyPart).toBe(before.penaltyPart + 200);
    expect(after.composite).toBe(before.composite - 200);
    expect(readCreditHistory(h.state, spoofer.id).at(-1)).toMatchObject({ cause: 'violation', composite: after.composite });
    expect(getReport(h.state, 1)).toMatchObject({ status: 'confirmed', bondTaken: 500_000n, points: 200, rulingReason: 'list-then-cancel spoofing in 12 periods' });
    expect(getViolations(h.state).map((r) => r.id)).toEqual([1]);
    expect(getViolations(h.state, spoofer.address).map((r) => r.account)).toEqual([spoofer.address]);
    expect(getViolations(h.state, honest.address)).toEqual([]);
    expect(h.send(AUTH, 'market.rule', { report: 1, confirm: false, reason: 'again' })).toBe('REPORT_CLOSED');
    // The same conduct is not judged twice: a new report needs a trade or listing since the ruling.
    const again = getCheck(h.state, spoofer.address);
    expect(again).toMatchObject({ verdict: 'violation', reportable: false, ruledBy: 1 });
    expect(file(spoofer, again.score, again.flags)).toBe('ALREADY_RULED');
    h.ok(spoofer, 'market.list', { side: 'sell', period: 20, wh: 50_000n, price: 80_000n, region: 'central', source: 'solar', carbon: 20 });
    expect(getCheck(h.state, spoofer.address).reportable).toBe(true);
    expect(getCredit(h.state, spoofer.address, 4).violations).toBe(1);

    // A dismissed report changes nothing but its status, and the account may be reported again.
    const nd = sim.of('nonDelivery')[0]!.actor;
    const ndc = getCheck(h.state, nd.address);
    expect(file(nd, ndc.score, ndc.flags)).toBe('');
    const ndBond = h.bond(nd);
    h.ok(AUTH, 'market.rule', { report: 2, confirm: false, reason: 'meter fault under investigation' });
    expect(getReport(h.state, 2)).toMatchObject({ status: 'dismissed', bondTaken: 0n, points: 0 });
    expect(h.bond(nd)).toBe(ndBond);
    expect(getViolations(h.state).map((r) => r.id)).toEqual([1]);
    expect(file(nd, ndc.score, ndc.flags)).toBe('');
    h.conserve();
  });
});
