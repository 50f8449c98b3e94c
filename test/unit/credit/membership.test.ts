/**
 * Membership lifecycle (SPEC 3): forced exit below exitCredit once open positions settle,
 * inactivity reclaim, the regulator's expulsion and permanent ban of an identity
 * commitment, re-registration rules, and the credit reward from the community pool.
 */
import { describe, expect, it } from 'vitest';
import { Harness, actor, start, AUTH } from '../market/harness.ts';
import { chainCredit, credit, creditHarness, lastListingId, sell, settledTrade, status } from './helpers.ts';
import { readCreditHistory } from '../../../src/market/credit/record.ts';
import { getParticipant } from '../../../src/market/index.ts';
import { COMMUNITY_POOL_ID, getAccount } from '../../../src/chain/state/accounts.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { utf8 } from '../../../src/chain/bytes.ts';

const TES = 1_000_000n;
const names = ['sam', 'bob', 'sly', 'bo3', 'ann', 'ben', 'eve', 'mal'] as const;
const [sam, bob, sly, bo3, ann, ben, eve, mal] = names.map(actor) as ReturnType<typeof actor>[] as [
  ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>,
  ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>, ReturnType<typeof actor>,
];
const register = (h: Harness, a: ReturnType<typeof actor>, docHash = sha256(utf8(a.name)), role: 'seller' | 'buyer' = 'buyer') =>
  h.send(a, 'market.register', { role, region: 'central', docHash, docFields: 63, source: role === 'seller' ? 'wind' : '', carbon: 0 });

describe('forced exit below exitCredit', () => {
  it('freezes the account at once (no boost, no listing or picking, its listings unpickable), completes when its trades settle', () => {
    const h = creditHarness({ exitCredit: 470 }, { alloc: { sly: 5n * TES, bo3: 20n * TES, bob: 20n * TES } });
    h.join(sly, 'seller', 'central');
    h.join(bo3, 'buyer', 'central');
    h.join(bob, 'buyer', 'central');
    h.ok(sly, 'market.list', sell(2, 1_000n, 1_000n));
    h.ok(bo3, 'market.pick', { listing: lastListingId(h), wh: 1_000n });
    h.ok(sly, 'market.list', sell(4, 1_000n, 1_000n));
    h.ok(bo3, 'market.pick', { listing: lastListingId(h), wh: 1_000n });
    h.ok(sly, 'market.list', sell(4, 2_000n, 1_000n));
    const frozen = lastListingId(h);
    expect(getParticipant(h.state, sly.address)!.open).toBe(3);
    h.block([], start(2));
    h.block([], start(3) + 10_000); // period 2 settles: sly delivered nothing → 462 < 470
    expect(credit(h, sly).composite).toBe(462);
    expect(status(h, sly)).toBe('exiting');
    expect(chainCredit(h, sly)).toBe(0);
    expect(h.send(sly, 'market.list', sell(5, 1_000n))).toBe('NOT_APPROVED');
    expect(h.send(bob, 'market.pick', { listing: frozen, wh: 100n })).toBe('LISTING_CLOSED');
    expect(h.send(sly, 'market.exit')).toBe('OPEN_POSITIONS');
    h.ok(sly, 'market.cancel', { listing: frozen });
    expect(status(h, sly)).toBe('exiting'); // the period-4 trade is still open
    const bondBefore = h.bond(sly);
    const balanceBefore = h.balance(sly);
    h.block([], start(4));
    h.ok(AUTH, 'market.meter', { account: sly.id, period: 4, wh: 1_000n });
    h.ok(AUTH, 'market.meter', { account: bo3.id, period: 4, wh: 1_000n });
    h.block([], start(5) + 10_000);
    expect(status(h, sly)).toBe('expelled');
    expect(h.bond(sly)).toBe(0n);
    expect(h.balance(sly)).toBe(balanceBefore + bondBefore + 1_000n); // bond back, plus the energy of the last trade
    expect(credit(h, sly).exitPeriod).toBe(5);
    expect(readCreditHistory(h.state, sly.id).map((e) => e.cause)).toEqual(['approved', 'settled', 'forcedExit', 'settled', 'expelled']);
    h.conserve();
  });

  it('an expelled account may apply again only after readmitPeriods; it comes back with its history', () => {
    const h = creditHarness({ exitCredit: 470, readmitPeriods: 10, penaltyRetention: 900 }, { alloc: { sly: 5n * TES, bo3: 20n * TES } });
    h.join(sly, 'seller', 'central');
    h.join(bo3, 'buyer', 'central');
    settledTrade(h, sly, bo3, 2, 1_000n, { seller: 0n, price: 1_000n });
    expect(status(h, sly)).toBe('expelled'); // nothing else open: out at once
    expect(credit(h, sly)).toMatchObject({ exitPeriod: 3, composite: 462 });
    expect(register(h, sly, sha256(utf8(sly.name)), 'seller')).toBe('READMIT_TOO_SOON');
    h.block([], start(13));
    expect(register(h, sly, sha256(utf8(sly.name)), 'seller')).toBe('');
    h.ok(AUTH, 'market.review', { account: sly.id, approve: true, reason: '' });
    // history kept: 500 + activity 1,000 × 0.95^10 → 598 → 7; penalty 50,000 × 0.9^10 → 17,433 → 17: 490
    expect(credit(h, sly)).toMatchObject({ composite: 490, activityPart: 7, penaltyPart: 17, shortfalls: 1, approvedPeriod: 13 });
    expect(status(h, sly)).toBe('approved');
    expect(chainCredit(h, sly)).toBe(490);
  });

  it('a readmitted account whose history still scores below exitCredit is out again at once', () => {
    const h = creditHarness({ exitCredit: 470, readmitPeriods: 2 }, { alloc: { sly: 5n * TES, bo3: 20n * TES } });
    h.join(sly, 'seller', 'central');
    h.join(bo3, 'buyer', 'central');
    settledTrade(h, sly, bo3, 2, 1_000n, { seller: 0n, price: 1_000n });
    h.block([], start(6));
    expect(register(h, sly, sha256(utf8(sly.name)), 'seller')).toBe('');
    h.ok(AUTH, 'market.review', { account: sly.id, approve: true, reason: '' });
    expect(credit(h, sly).composite).toBeLessThan(470);
    expect(status(h, sly)).toBe('expelled');
  });
});

describe('voluntary exit and return', () => {
  it('keeps the credit history: a returning account gets the score it left with, not a fresh 500', () => {
    const h = new Harness({ alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    const t = settledTrade(h, sam, bob, 2, 1_000n);
    h.ok(sam, 'market.rate', { trade: t, score: 1 });
    expect(credit(h, bob).composite).toBe(428);
    h.ok(bob, 'market.exit');
    expect(status(h, bob)).toBe('exited');
    expect(h.bond(bob)).toBe(0n);
    expect(register(h, bob)).toBe('');
    h.ok(AUTH, 'market.review', { account: bob.id, approve: true, reason: '' });
    expect(credit(h, bob).composite).toBe(428);
    expect(getParticipant(h.state, bob.address)).toMatchObject({ status: 'approved', creditLevel: 'B', requiredBond: 5_000_000n });
  });
});

describe('inactivity reclaim', () => {
  it('at a cycle end, an approved account with nothing open and no listing or trade for inactivePeriods exits with its bond back', () => {
    const h = creditHarness({ agencyPeriods: 4, inactivePeriods: 8 }, { alloc: { ann: 10n * TES, sam: 10n * TES } });
    h.join(ann, 'buyer', 'central');
    h.join(sam, 'seller', 'central');
    h.block([], start(4)); // first cycle end: idle 4 < 8
    expect(status(h, ann)).toBe('approved');
    h.ok(sam, 'market.list', sell(9, 1_000n)); // sam stays active (its newest listing is for period 9)
    h.block([], start(8)); // second cycle end: ann idle 8 periods
    expect(status(h, ann)).toBe('exited');
    expect(getParticipant(h.state, ann.address)!.reason).toMatch(/reclaimed: no listing or trade for 8 periods/);
    expect(h.balance(ann)).toBe(10n * TES);
    expect(chainCredit(h, ann)).toBe(0);
    expect(status(h, sam)).toBe('approved');
    expect(readCreditHistory(h.state, ann.id).map((e) => e.cause)).toEqual(['approved', 'reclaimed']);
    expect(register(h, ann)).toBe(''); // a reclaimed account may come back at once
    h.conserve();
  });

  it('an account with open positions is not reclaimed', () => {
    const h = creditHarness({ agencyPeriods: 4, inactivePeriods: 4 }, { alloc: { sam: 10n * TES } });
    h.join(sam, 'seller', 'central');
    h.ok(sam, 'market.list', sell(2, 1_000n));
    h.block([], start(4) - 1);
    h.block([], start(4)); // period 2's listing settled at start(3)+10 s, so nothing open now, but its period is 2: idle 2
    expect(status(h, sam)).toBe('approved');
    h.block([], start(8)); // idle 6 ≥ 4
    expect(status(h, sam)).toBe('exited');
  });
});

describe('the regulator expels and bans', () => {
  it('a ban is permanent for the account and its identity commitment; others register freely', () => {
    const h = new Harness({ alloc: { mal: 10n * TES, eve: 10n * TES, ben: 10n * TES } });
    h.join(mal, 'seller', 'central');
    expect(h.send(mal, 'market.expel', { account: mal.id, ban: true, reason: 'fraud' })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.expel', { account: mal.id, ban: true, reason: '  ' })).toBe('REASON_REQUIRED');
    h.ok(AUTH, 'market.expel', { account: mal.id, ban: true, reason: 'forged licence' });
    expect(status(h, mal)).toBe('banned');
    expect(h.bond(mal)).toBe(0n);
    expect(h.balance(mal)).toBe(10n * TES);
    expect(register(h, mal, sha256(utf8('a new document set')), 'seller')).toBe('BANNED');
    // Another key presenting the banned identity commitment is refused too.
    expect(register(h, eve, sha256(utf8(mal.name)), 'seller')).toBe('BANNED');
    expect(register(h, eve, sha256(utf8(eve.name)), 'seller')).toBe('');
    expect(h.send(AUTH, 'market.expel', { account: mal.id, ban: true, reason: 'again' })).toBe('NOT_REGISTERED');
    // An account already out can still be banned.
    h.join(ben, 'buyer', 'central');
    h.ok(ben, 'market.exit');
    expect(h.send(AUTH, 'market.expel', { account: ben.id, ban: false, reason: 'x' })).toBe('NOT_REGISTERED');
    h.ok(AUTH, 'market.expel', { account: ben.id, ban: true, reason: 'sanctions list' });
    expect(status(h, ben)).toBe('banned');
    expect(register(h, ben)).toBe('BANNED');
    h.conserve();
  });

  it('an expulsion without a ban lets open trades settle first, then allows a return after readmitPeriods', () => {
    const h = creditHarness({ readmitPeriods: 5 }, { alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.join(sam, 'seller', 'central');
    h.join(bob, 'buyer', 'central');
    h.ok(sam, 'market.list', sell(2, 1_000n));
    h.ok(bob, 'market.pick', { listing: lastListingId(h), wh: 1_000n });
    h.ok(AUTH, 'market.expel', { account: sam.id, ban: false, reason: 'repeated manipulation' });
    expect(status(h, sam)).toBe('exiting');
    expect(getParticipant(h.state, sam.address)!.reason).toBe('ruling: repeated manipulation');
    h.block([], start(2));
    h.ok(AUTH, 'market.meter', { account: sam.id, period: 2, wh: 1_000n });
    h.ok(AUTH, 'market.meter', { account: bob.id, period: 2, wh: 1_000n });
    h.block([], start(3) + 10_000);
    expect(status(h, sam)).toBe('expelled');
    expect(h.bond(sam)).toBe(0n);
    expect(register(h, sam, sha256(utf8(sam.name)), 'seller')).toBe('READMIT_TOO_SOON');
    h.block([], start(8));
    expect(register(h, sam, sha256(utf8(sam.name)), 'seller')).toBe('');
    h.conserve();
  });
});

describe('credit rewards from the community pool', () => {
  it('each cycle end pays approved accounts at or above rewardMinScore; the pool pays, nothing is minted', () => {
    const h = creditHarness(
      { agencyPeriods: 4, rewardMinScore: 600, rewardAmount: 2n * TES, rewardPoolPercent: 10 },
      { alloc: { ann: 10n * TES, ben: 10n * TES, eve: 10n * TES }, pool: 100n * TES },
    );
    const pool = () => getAccount(h.state, COMMUNITY_POOL_ID).balance;
    for (const a of [ann, ben, eve]) h.join(a, 'buyer', 'central');
    h.ok(AUTH, 'market.agency', { account: ann.id, score: 1000 }); // floor((70 × 500 + 30 × 1000) / 100) = 650
    h.block([], start(3));
    expect(credit(h, ann).composite).toBe(650);
    const before = h.balance(ann);
    h.block([], start(4)); // cycle end: ann alone is eligible: min(2 TES, 100 TES × 10 % / 1) = 2 TES
    expect(h.balance(ann) - before).toBe(2n * TES);
    expect(pool()).toBe(98n * TES);
    expect(credit(h, ann).rewarded).toBe(2n * TES);
    expect(h.balance(ben)).toBe(5n * TES);
    h.ok(AUTH, 'market.agency', { account: ben.id, score: 1000 });
    // Drain the pool to 1 TES: two eligible share at most 10 % of it, 50,000 µTES each.
    h.block([], start(7));
    const poolNow = pool();
    const h2 = creditHarness(
      { agencyPeriods: 4, rewardMinScore: 600, rewardAmount: 2n * TES, rewardPoolPercent: 10 },
      { alloc: { ann: 10n * TES, ben: 10n * TES }, pool: TES },
    );
    h2.join(ann, 'buyer', 'central');
    h2.join(ben, 'buyer', 'central');
    h2.ok(AUTH, 'market.agency', { account: ann.id, score: 1000 });
    h2.ok(AUTH, 'market.agency', { account: ben.id, score: 1000 });
    h2.block([], start(4));
    expect(h2.balance(ann)).toBe(5n * TES + 50_000n);
    expect(h2.balance(ben)).toBe(5n * TES + 50_000n);
    expect(getAccount(h2.state, COMMUNITY_POOL_ID).balance).toBe(TES - 100_000n);
    h.block([], start(8));
    expect(pool()).toBe(poolNow - 4n * TES); // ann and ben, 2 TES each
    h.conserve();
    h2.conserve();
  });
});
