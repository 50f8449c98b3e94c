/**
 * Scores recomputed by the state transition at the defined points: approval, settlement,
 * ratings, agency updates, penalties; the bond that follows the level; the mining boost
 * only for approved participants.
 */
import { describe, expect, it } from 'vitest';
import { Harness, actor, start, AUTH } from '../market/harness.ts';
import { chainCredit, credit, creditHarness, lastListingId, sell, settledTrade } from './helpers.ts';
import { readCreditHistory } from '../../../src/market/credit/record.ts';
import { getCredit, getParticipant } from '../../../src/market/index.ts';
import { getMinerCredit } from '../../../src/chain/state/accounts.ts';
import { creditKey } from '../../../src/chain/state/keys.ts';

const TES = 1_000_000n;
const [sam, bob, sly, bo3, pam] = ['sam', 'bob', 'sly', 'bo3', 'pam'].map(actor) as [ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>];

describe('scores at the defined points', () => {
  it('approval writes the newcomer score 500 to m/cr and c/<id>; pending accounts have no c/ record', () => {
    const h = new Harness({ alloc: { sam: 10n * TES } });
    h.ok(sam, 'market.register', { role: 'seller', region: 'central', docHash: new Uint8Array(32).fill(1), docFields: 63, source: 'wind', carbon: 0 });
    expect(h.state.get(creditKey(sam.id))).toBeUndefined();
    expect(getMinerCredit(h.state, sam.pub)).toBe(0);
    h.ok(AUTH, 'market.review', { account: sam.id, approve: true, reason: '' });
    expect(credit(h, sam)).toMatchObject({ composite: 500, internal: 500, ratingPart: 500, activityPart: 0, penaltyPart: 0, external: null, approvedPeriod: 0 });
    expect(chainCredit(h, sam)).toBe(500);
    expect(getMinerCredit(h.state, sam.pub)).toBe(500);
    expect(readCreditHistory(h.state, sam.id).map((e) => [e.cause, e.composite])).toEqual([['approved', 500]]);
  });

  it('settlement adds a traded period to both parties, ratings move the rated party', () => {
    const h = new Harness({ alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    const t = settledTrade(h, sam, bob, 2, 1_000n);
    // activity: one traded period = 1,000 thousandths → floor(100 × 1,000 / 8,000) = 12
    expect(credit(h, sam)).toMatchObject({ activity: 1_000n, activityPart: 12, internal: 512, composite: 512, asOfPeriod: 3 });
    expect(credit(h, bob).composite).toBe(512);
    h.ok(bob, 'market.rate', { trade: t, score: 5 });
    // rating: floor(250 × (15 + 5 − 6) / 6) = floor(583.3) = 583; + 12 activity = 595
    expect(credit(h, sam)).toMatchObject({ ratingPart: 583, internal: 595, composite: 595 });
    expect(chainCredit(h, sam)).toBe(595);
    h.ok(sam, 'market.rate', { trade: t, score: 1 });
    // floor(250 × (15 + 1 − 6) / 6) = 416; + 12 = 428 (level B)
    expect(credit(h, bob).composite).toBe(428);
    expect(getCredit(h.state, bob.address, 4)).toMatchObject({ score: 428, level: 'B', parts: { rating: 416, activity: 12, penalty: 0 } });
    expect(readCreditHistory(h.state, sam.id).map((e) => [e.cause, e.composite])).toEqual([['approved', 500], ['settled', 512], ['rated', 595]]);
    h.conserve();
  });

  it('activity fades by 5 % a period: recomputed when the account is next touched', () => {
    const h = new Harness({ alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    settledTrade(h, sam, bob, 2, 1_000n); // settles in period 3: activity 1,000 as of 3
    settledTrade(h, sam, bob, 13, 1_000n); // settles in period 14: 1,000 × 0.95^11 + 1,000
    // 0.95^11 = 0.568800;  1,000 × 0.5688 = 568 → 1,568 → floor(100 × 1,568 / 8,000) = 19
    expect(credit(h, sam)).toMatchObject({ activity: 1_568n, activityPart: 19, composite: 519, asOfPeriod: 14 });
  });

  it('the agency posts once per cycle; the composite is the 70/30 mix', () => {
    const h = new Harness({ alloc: { sam: 10n * TES } });
    h.join(sam, 'seller', 'central');
    expect(h.send(sam, 'market.agency', { account: sam.id, score: 900 })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.agency', { account: sam.id, score: 1001 })).toBe('BAD_SCORE');
    expect(h.send(AUTH, 'market.agency', { account: bob.id, score: 900 })).toBe('NOT_REGISTERED');
    h.ok(AUTH, 'market.agency', { account: sam.id, score: 900 });
    // floor((70 × 500 + 30 × 900) / 100) = 620 (BBB)
    expect(credit(h, sam)).toMatchObject({ internal: 500, external: 900, externalCycle: 0, composite: 620 });
    expect(getParticipant(h.state, sam.address)).toMatchObject({ creditScore: 620, creditLevel: 'BBB', requiredBond: 3_000_000n });
    expect(h.send(AUTH, 'market.agency', { account: sam.id, score: 100 })).toBe('AGENCY_TOO_SOON');
    // Dev cycles are 20 periods: the next post is accepted from period 20.
    h.block([], start(20));
    h.ok(AUTH, 'market.agency', { account: sam.id, score: 100 });
    expect(credit(h, sam)).toMatchObject({ external: 100, externalCycle: 1, composite: 380 });
  });

  it('a settlement shortfall costs 50 points; the lower level asks for a bond top-up before the next listing', () => {
    const h = new Harness({ alloc: { sly: 5n * TES, bo3: 10n * TES } });
    h.join(sly, 'seller', 'central'); // its whole balance goes into the bond
    h.join(bo3, 'buyer', 'central');
    h.ok(sly, 'market.list', sell(2, 1_000n, 1_000n));
    h.ok(bo3, 'market.pick', { listing: lastListingId(h), wh: 1_000n });
    h.block([], start(2));
    h.ok(AUTH, 'market.meter', { account: bo3.id, period: 2, wh: 1_000n });
    h.block([], start(3) + 10_000); // sly delivered nothing: owes 91,113, pays 1,000 from income and 90,113 from its bond
    expect(credit(h, sly)).toMatchObject({ shortfalls: 1, penalty: 50_000n, penaltyPart: 50, activityPart: 12, internal: 462, composite: 462 });
    const view = getCredit(h.state, sly.address, 4);
    expect(view).toMatchObject({ level: 'B', requiredBond: 5_000_000n, bond: 5_000_000n - 90_113n, bondTopUp: 90_113n, bondTaken: 90_113n });
    expect(h.send(sly, 'market.list', sell(5, 1_000n))).toBe('BOND_REQUIRED');
    h.ok(AUTH, 'transfer', { to: sly.id, amount: 90_113n });
    h.ok(sly, 'market.bond', { amount: 90_113n });
    h.ok(sly, 'market.list', sell(5, 1_000n));
    h.conserve();
  });

  it('the mining boost reads c/<id>, which only approved participants hold', () => {
    const h = new Harness({ alloc: { pam: 10n * TES } });
    expect(getMinerCredit(h.state, pam.pub)).toBe(0);
    h.join(pam, 'buyer', 'central');
    expect(getMinerCredit(h.state, pam.pub)).toBe(500);
    h.ok(pam, 'market.exit');
    expect(getMinerCredit(h.state, pam.pub)).toBe(0);
    expect(credit(h, pam).composite).toBe(500); // the record stays for a return
    expect(getCredit(h.state, pam.address, 4).miningBoostPermille).toBe(1000);
  });

  it('a genesis without a credit section uses the defaults and writes nothing for them', () => {
    const h = creditHarness({});
    expect(h.state.get('m/ccfg')).toBeDefined();
    const plain = new Harness({ alloc: { sam: 10n * TES }, market: (m) => { const { credit: _c, ...rest } = m; return rest; } });
    expect(plain.state.get('m/ccfg')).toBeUndefined();
    plain.join(sam, 'seller', 'central');
    expect(credit(plain, sam).composite).toBe(500);
  });
});
