import { describe, expect, it } from 'vitest';
import { Harness, actor, start, AUTH } from './harness.ts';
import { getListing, getOrderBook, getParticipant, getTrades } from '../../../src/market/index.ts';
import { devRegionFeeAccount } from '../../../src/market/devGenesis.ts';
import { creditKey } from '../../../src/chain/state/keys.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { utf8 } from '../../../src/chain/bytes.ts';
import { DOC } from '../../../src/market/records/participant.ts';

const SOL = actor('sol'); // seller, north
const BEA = actor('bea'); // buyer, south
const TES10 = 10_000_000n;

function market(): Harness {
  const h = new Harness({ alloc: { sol: TES10, bea: TES10, pam: TES10, poor: 100_000n, nob: TES10 } });
  h.join(SOL, 'seller', 'north');
  h.join(BEA, 'buyer', 'south');
  return h;
}

const sell = (period: number, wh: bigint, price: bigint, region = 'north') => ({ side: 'sell', period, wh, price, region, source: 'solar', carbon: 20 });
const buy = (period: number, wh: bigint, price: bigint, region = 'south') => ({ side: 'buy', period, wh, price, region, source: '', carbon: 0 });

describe('listing and picking (SPEC 4)', () => {
  it('worked example, formula 1: a pick across north → central → south escrows energy + Σ stamps', () => {
    const h = market();
    expect(h.balance(SOL)).toBe(5_000_000n); // 10 TES less the 5 TES bond
    h.ok(SOL, 'market.list', sell(2, 10_000n, 99_999n));
    h.ok(BEA, 'market.pick', { listing: 1, wh: 3_333n });
    // energy  = floor(3,333 Wh × 99,999 µTES/kWh / 1000) = floor(333,296.667) = 333,296
    // fee     = α·Q + β·Q + γ·Q over north 8,000, central 5,000, south 12,000 µTES/kWh:
    //           floor(3,333 × 8,000 / 1000) = 26,664
    //         + floor(3,333 × 5,000 / 1000) = 16,665
    //         + floor(3,333 × 12,000 / 1000) = 39,996        = 83,325
    // escrow  = 333,296 + 83,325 = 416,621, from the buyer
    const [t] = getTrades(h.state, { period: 2 });
    expect(t!.route.map((r) => r.region)).toEqual(['north', 'central', 'south']);
    expect(t!.fee).toBe(83_325n);
    expect(t!.escrow).toBe(416_621n);
    expect(h.balance(BEA)).toBe(5_000_000n - 416_621n);
    expect(getListing(h.state, 1)!.rest).toBe(6_667n);

    // Meters confirm the contract exactly; settlement in the first block at or past end(2) + 10 s.
    h.ok(AUTH, 'market.meter', { account: BEA.id, period: 2, wh: 3_333n }, start(2) + 1000);
    h.ok(AUTH, 'market.meter', { account: SOL.id, period: 2, wh: 3_333n }, start(2) + 1001);
    h.block([], start(3) + 9_999); // one ms before the window closes: nothing yet
    expect(getTrades(h.state, { period: 2 })[0]!.status).toBe('open');
    h.block([], start(3) + 10_000);
    const s = getTrades(h.state, { period: 2 })[0]!;
    expect(s.status).toBe('settled');
    expect(h.balance(SOL)).toBe(5_000_000n + 333_296n);
    expect(h.balance(devRegionFeeAccount('north'))).toBe(26_664n);
    expect(h.balance(devRegionFeeAccount('central'))).toBe(16_665n);
    expect(h.balance(devRegionFeeAccount('south'))).toBe(39_996n);
    expect(h.balance(BEA)).toBe(5_000_000n - 416_621n); // no refund: the escrow was exact
    expect(s.settlement).toMatchObject({ executedWh: 3_333n, energy: 333_296n, fee: 83_325n, refund: 0n, buyerDeviation: 0n, sellerDeviation: 0n });
    expect(getListing(h.state, 1)!.status).toBe('closed');
    expect(getParticipant(h.state, SOL.address)!.open).toBe(0);
    expect(getParticipant(h.state, BEA.address)!.open).toBe(0);
    h.conserve();
  });

  it('buy-listing mode: a seller picks, the listing buyer pays the escrow; partial picks then cancel of the rest', () => {
    const h = market();
    h.ok(BEA, 'market.list', buy(2, 2_000n, 120_000n));
    h.ok(SOL, 'market.pick', { listing: 1, wh: 500n });
    h.ok(SOL, 'market.pick', { listing: 1, wh: 700n });
    // 500 Wh: 60,000 energy + 500 × 25,000 / 1000 = 12,500 fee → 72,500
    // 700 Wh: 84,000 energy + 17,500 fee → 101,500
    expect(h.balance(BEA)).toBe(5_000_000n - 72_500n - 101_500n);
    expect(getListing(h.state, 1)!.rest).toBe(800n);
    expect(getOrderBook(h.state, 2).buys.map((l) => l.id)).toEqual([1]);
    expect(h.send(SOL, 'market.cancel', { listing: 1 })).toBe('NOT_OWNER');
    h.ok(BEA, 'market.cancel', { listing: 1 });
    expect(getListing(h.state, 1)).toMatchObject({ status: 'cancelled', rest: 800n });
    expect(getOrderBook(h.state, 2).buys).toEqual([]);
    expect(h.send(SOL, 'market.pick', { listing: 1, wh: 1n })).toBe('LISTING_CLOSED');
    expect(h.send(BEA, 'market.cancel', { listing: 1 })).toBe('LISTING_CLOSED');
    expect(getParticipant(h.state, BEA.address)!.open).toBe(2); // its two trades
    h.conserve();
  });

  it('a listing picked to zero closes and no longer counts as open', () => {
    const h = market();
    h.ok(SOL, 'market.list', sell(2, 1_000n, 50_000n));
    h.ok(BEA, 'market.pick', { listing: 1, wh: 1_000n });
    expect(getListing(h.state, 1)!.status).toBe('closed');
    expect(getParticipant(h.state, SOL.address)!.open).toBe(1); // the trade only
  });
});

describe('rejections, each with its code, changing nothing but nonce and fee', () => {
  it('unapproved account', () => {
    const h = market();
    const pam = actor('pam');
    expect(h.send(pam, 'market.list', sell(2, 1n, 1n))).toBe('NOT_APPROVED');
    h.ok(pam, 'market.register', { role: 'buyer', region: 'south', docHash: sha256(utf8('pam')), docFields: DOC.identity | DOC.contact | DOC.meterBinding, source: '', carbon: 0 });
    h.ok(SOL, 'market.list', sell(2, 1_000n, 1_000n));
    expect(h.send(pam, 'market.pick', { listing: 1, wh: 1n })).toBe('NOT_APPROVED'); // pending
  });

  it('wrong role', () => {
    const h = market();
    expect(h.send(BEA, 'market.list', sell(2, 1_000n, 1_000n, 'south'))).toBe('WRONG_ROLE');
    expect(h.send(SOL, 'market.list', buy(2, 1_000n, 1_000n))).toBe('WRONG_ROLE');
    h.ok(SOL, 'market.list', sell(2, 1_000n, 1_000n));
    const sid = actor('nob');
    h.join(sid, 'seller', 'central');
    expect(h.send(sid, 'market.pick', { listing: 1, wh: 1n })).toBe('WRONG_ROLE');
  });

  it('missing bond', () => {
    const h = market();
    const nob = actor('nob');
    h.join(nob, 'buyer', 'central', 0n);
    h.ok(SOL, 'market.list', sell(2, 1_000n, 1_000n));
    expect(h.send(nob, 'market.pick', { listing: 1, wh: 1n })).toBe('BOND_REQUIRED');
    h.ok(nob, 'market.bond', { amount: 3_999_999n }); // level BB needs 1 TES × 400% = 4,000,000
    expect(h.send(nob, 'market.pick', { listing: 1, wh: 1n })).toBe('BOND_REQUIRED');
    h.ok(nob, 'market.bond', { amount: 1n });
    h.ok(nob, 'market.pick', { listing: 1, wh: 1n });
  });

  it('past gate closure', () => {
    const h = market();
    // gate(1) = start(1) − 5,000 ms
    expect(h.send(SOL, 'market.list', sell(1, 1_000n, 1_000n), start(1) - 5_000)).toBe('GATE_CLOSED');
    h.ok(SOL, 'market.list', sell(2, 1_000n, 1_000n), start(2) - 5_001);
    expect(h.send(BEA, 'market.pick', { listing: 1, wh: 1n }, start(2) - 5_000)).toBe('GATE_CLOSED');
    expect(h.send(SOL, 'market.cancel', { listing: 1 })).toBe('GATE_CLOSED');
    expect(h.send(SOL, 'market.list', sell(1_000, 1_000n, 1_000n))).toBe('BAD_PERIOD'); // beyond 120 periods ahead
  });

  it('over-pick, own listing, unknown listing, insufficient funds', () => {
    const h = market();
    h.ok(SOL, 'market.list', sell(2, 1_000n, 100_000n));
    expect(h.send(BEA, 'market.pick', { listing: 1, wh: 1_001n })).toBe('OVER_PICK');
    expect(h.send(SOL, 'market.pick', { listing: 1, wh: 1n })).toBe('OWN_LISTING');
    expect(h.send(BEA, 'market.pick', { listing: 99, wh: 1n })).toBe('UNKNOWN_LISTING');
    // 1,000 Wh cost 100,000 + 25,000 fee = 125,000; leave the buyer 124,999
    const drain = h.balance(BEA) - 124_999n;
    h.ok(BEA, 'market.bond', { amount: drain });
    const before = new Map(h.state.map);
    const r = h.block([{ from: BEA, kind: 'market.pick', payload: { listing: 1, wh: 1_000n }, fee: 0n }])[0]!;
    expect(r.error).toBe('INSUFFICIENT_FUNDS');
    expect(r.message).toMatch(/needs 125000 µTES, the account holds 124999/);
    // Only the sender's nonce changed.
    const changed = [...h.state.map.keys()].filter((k) => Buffer.compare(h.state.map.get(k)!, before.get(k) ?? new Uint8Array()) !== 0);
    expect(changed).toEqual([`a/${Buffer.from(BEA.id).toString('hex')}`]);
  });

  it('a failed market transaction still pays its fee', () => {
    const h = market();
    const before = h.balance(BEA);
    const r = h.block([{ from: BEA, kind: 'market.pick', payload: { listing: 7, wh: 1n }, fee: 100n }])[0]!;
    expect(r.error).toBe('UNKNOWN_LISTING');
    expect(h.balance(BEA)).toBe(before - 100n);
    h.conserve();
  });

  it('bad listings', () => {
    const h = market();
    expect(h.send(SOL, 'market.list', { ...sell(2, 1n, 1n), side: 'both' })).toBe('BAD_LISTING');
    expect(h.send(SOL, 'market.list', { ...sell(2, 1n, 1n), source: 'magic' })).toBe('BAD_LISTING');
    expect(h.send(SOL, 'market.list', sell(2, 0n, 1n))).toBe('BAD_AMOUNT');
    expect(h.send(SOL, 'market.list', sell(2, 1n, 1n, 'west'))).toBe('UNKNOWN_REGION');
    expect(h.send(BEA, 'market.list', { ...buy(2, 1n, 1n), carbon: 5 })).toBe('BAD_LISTING');
  });
});

describe('registry (SPEC 3)', () => {
  it('sellers state more documents than buyers; rejection needs a reason; approval writes the credit record', () => {
    const h = market();
    const pam = actor('pam');
    const docHash = sha256(utf8('pam docs'));
    expect(h.send(pam, 'market.register', { role: 'seller', region: 'north', docHash, docFields: DOC.identity | DOC.contact | DOC.meterBinding, source: 'solar', carbon: 0 })).toBe('MISSING_DOCUMENTS');
    expect(h.send(pam, 'market.register', { role: 'miner', region: 'north', docHash, docFields: 63, source: '', carbon: 0 })).toBe('BAD_ROLE');
    expect(h.send(pam, 'market.register', { role: 'seller', region: 'mars', docHash, docFields: 63, source: 'solar', carbon: 0 })).toBe('UNKNOWN_REGION');
    h.ok(pam, 'market.register', { role: 'seller', region: 'north', docHash, docFields: 63, source: 'solar', carbon: 0 });
    expect(h.send(pam, 'market.register', { role: 'seller', region: 'north', docHash, docFields: 63, source: 'solar', carbon: 0 })).toBe('ALREADY_REGISTERED');
    expect(h.send(BEA, 'market.review', { account: pam.id, approve: true, reason: '' })).toBe('NOT_AUTHORIZED');
    expect(h.send(AUTH, 'market.review', { account: pam.id, approve: false, reason: '  ' })).toBe('REASON_REQUIRED');
    h.ok(AUTH, 'market.review', { account: pam.id, approve: false, reason: 'licence expired' });
    expect(getParticipant(h.state, pam.address)).toMatchObject({ status: 'rejected', reason: 'licence expired' });
    expect(h.state.get(creditKey(pam.id))).toBeUndefined();
    expect(h.send(AUTH, 'market.review', { account: pam.id, approve: true, reason: '' })).toBe('NOT_PENDING');
    h.ok(pam, 'market.register', { role: 'seller', region: 'north', docHash, docFields: 63, source: 'solar', carbon: 0 }); // apply again
    h.ok(AUTH, 'market.review', { account: pam.id, approve: true, reason: 'ok' });
    expect(h.state.get(creditKey(pam.id))).toBeDefined();
    expect(getParticipant(h.state, pam.address)).toMatchObject({ status: 'approved', creditScore: 500, creditLevel: 'BB', requiredBond: 4_000_000n });
  });

  it('exit is refused while anything is open, then returns the bond and drops the credit record', () => {
    const h = market();
    h.ok(SOL, 'market.list', sell(2, 1_000n, 1_000n));
    expect(h.send(SOL, 'market.exit')).toBe('OPEN_POSITIONS');
    expect(h.send(SOL, 'market.unbond', { amount: 2_000_000n })).toBe('BOND_LOCKED'); // 5 TES − 2 < 4 TES required
    h.ok(SOL, 'market.unbond', { amount: 1_000_000n });
    h.ok(SOL, 'market.cancel', { listing: 1 });
    const before = h.balance(SOL);
    h.ok(SOL, 'market.exit');
    expect(h.balance(SOL)).toBe(before + 4_000_000n);
    expect(h.bond(SOL)).toBe(0n);
    expect(h.state.get(creditKey(SOL.id))).toBeUndefined();
    expect(getParticipant(h.state, SOL.address)!.status).toBe('exited');
    expect(h.send(SOL, 'market.list', sell(2, 1n, 1n))).toBe('NOT_APPROVED');
    h.conserve();
  });
});
