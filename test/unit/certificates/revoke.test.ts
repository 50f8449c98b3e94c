import { describe, expect, it } from 'vitest';
import { CertHarness } from './harness.ts';
import { actor, AUTH } from '../market/harness.ts';
import { readCertListing } from '../../../src/certificates/records/listing.ts';
import { getLots, getRevocations } from '../../../src/certificates/query/read.ts';

const TES = 1_000_000n;
type A = ReturnType<typeof actor>;
const [sam, bob] = ['sam', 'bob'].map(actor) as [A, A];

describe('revocation', () => {
  it('takes free volume, then open listings in order; never claimed volume; the reason is published', () => {
    const h = new CertHarness({ alloc: { sam: 10n * TES, bob: 10n * TES } });
    h.joinSeller(sam, 'central', 'solar', 20);
    h.join(bob, 'buyer', 'central');
    h.trade(sam, bob, 2, 5_000n, 100_000n);
    h.meter(sam, 2, 5_000n);
    h.settle(2);
    h.ok(sam, 'cert.list', { lot: 1, wh: 2_000n, price: 1_000n }); // listing 1
    h.ok(sam, 'cert.list', { lot: 1, wh: 1_000n, price: 1_000n }); // listing 2; lot 1 keeps 2,000 free
    h.ok(bob, 'cert.pick', { listing: 1, wh: 500n }); // lot 2
    h.ok(bob, 'cert.claim', { lot: 2, wh: 200n, period: 1, beneficiary: 'Bob' });

    h.refuse(bob, 'cert.revoke', { lot: 1, wh: 1n, reason: 'x' }, 'NOT_AUTHORIZED');
    h.refuse(AUTH, 'cert.revoke', { lot: 1, wh: 1n, reason: ' ' }, 'REASON_REQUIRED');
    h.refuse(AUTH, 'cert.revoke', { lot: 9, wh: 1n, reason: 'x' }, 'UNKNOWN_LOT');

    const reason = 'period 2 reading corrected from 5,000 to 2,500 Wh';
    const r = h.block([{ from: AUTH, kind: 'cert.revoke', payload: { lot: 1, wh: 2_500n, reason } }])[0]!;
    expect(r.result).toEqual({ revocation: 1, fromListings: 500n });
    expect(h.lot(1)).toMatchObject({ free: 0n, listed: 2_000n, sold: 500n, revoked: 2_500n, listings: [1, 2] });
    expect(readCertListing(h.state, 1)).toMatchObject({ rest: 1_000n, status: 'open' });
    expect(h.refuse(AUTH, 'cert.revoke', { lot: 1, wh: 2_001n, reason }, 'OVER_REVOKE')).toMatch(/at most 2000 Wh/);
    h.ok(AUTH, 'cert.revoke', { lot: 1, wh: 2_000n, reason });
    expect([readCertListing(h.state, 1)!.status, readCertListing(h.state, 2)!.status]).toEqual(['revoked', 'revoked']);
    expect(h.lot(1)).toMatchObject({ listed: 0n, revoked: 4_500n, listings: [] });
    h.refuse(bob, 'cert.pick', { listing: 2, wh: 1n }, 'LISTING_CLOSED');

    // Bob's lot 2 (500 Wh, 200 of them claimed): only the 300 unclaimed can go.
    expect(getLots(h.state, { root: 1 }).map((l) => l.id)).toEqual([1, 2]);
    h.refuse(AUTH, 'cert.revoke', { lot: 2, wh: 301n, reason }, 'OVER_REVOKE');
    h.ok(AUTH, 'cert.revoke', { lot: 2, wh: 300n, reason });
    expect(h.lot(2)).toMatchObject({ free: 0n, claimed: 200n, revoked: 300n });
    expect(getRevocations(h.state, 10).map((v) => [v.lot, v.wh, v.fromListings, v.reason])).toEqual([[1, 2_500n, 500n, reason], [1, 2_000n, 2_000n, reason], [2, 300n, 0n, reason]]);
    h.checkCertVolume();
  });
});
