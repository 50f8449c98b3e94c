import { describe, expect, it } from 'vitest';
import { CertHarness } from './harness.ts';
import { actor } from '../market/harness.ts';
import { certificatesModule } from '../../../src/certificates/module.ts';
import { readCertListing } from '../../../src/certificates/records/listing.ts';
import { getCertListings } from '../../../src/certificates/query/read.ts';

const TES = 1_000_000n;
type A = ReturnType<typeof actor>;
const [sam, wally, bob, ben, poor, nobody] = ['sam', 'wally', 'bob', 'ben', 'poor', 'nobody'].map(actor) as [A, A, A, A, A, A];

/** Sam (solar) holds lot 1: 5,000 Wh generated in period 2. */
function withLot(): CertHarness {
  const h = new CertHarness({ alloc: { sam: 10n * TES, wally: 10n * TES, bob: 10n * TES, ben: 10n * TES, poor: 6n * TES, nobody: TES } });
  h.joinSeller(sam, 'central', 'solar', 20);
  h.joinSeller(wally, 'north', 'gas', 450);
  h.join(bob, 'buyer', 'central');
  h.join(ben, 'buyer', 'south');
  h.join(poor, 'buyer', 'central');
  h.trade(sam, bob, 2, 5_000n, 100_000n);
  h.meter(sam, 2, 5_000n);
  h.settle(2);
  expect(h.lot(1).free).toBe(5_000n);
  return h;
}

describe('one-way trading: list, pick, cancel', () => {
  it('moves volume only through a listing, pays the lister at once (floor), and splits lots that keep their origin', () => {
    const h = withLot();
    const r = h.block([{ from: sam, kind: 'cert.list', payload: { lot: 1, wh: 3_000n, price: 12_345n } }])[0]!;
    expect(r.result).toEqual({ listing: 1 });
    expect(h.lot(1)).toMatchObject({ free: 2_000n, listed: 3_000n, listings: [1] });
    const [samBefore, bobBefore, benBefore] = [h.balance(sam), h.balance(bob), h.balance(ben)];

    // 1,234 Wh × 12,345 µTES/kWh / 1000 = 15,233.73: bob pays 15,233.
    const p1 = h.block([{ from: bob, kind: 'cert.pick', payload: { listing: 1, wh: 1_234n } }])[0]!;
    expect(p1.result).toEqual({ lot: 2, paid: 15_233n });
    expect(p1.events).toEqual([{ type: 'cert.picked', data: { listing: 1, lot: 2, buyer: bob.id, wh: 1_234n, paid: 15_233n } }]);
    // 1,766 Wh × 12,345 / 1000 = 21,801.27: ben pays 21,801 and the listing is sold out.
    expect(h.block([{ from: ben, kind: 'cert.pick', payload: { listing: 1, wh: 1_766n } }])[0]!.result).toEqual({ lot: 3, paid: 21_801n });
    expect(h.balance(bob)).toBe(bobBefore - 15_233n);
    expect(h.balance(ben)).toBe(benBefore - 21_801n);
    expect(h.balance(sam)).toBe(samBefore + 15_233n + 21_801n);
    expect(readCertListing(h.state, 1)).toMatchObject({ rest: 0n, status: 'sold' });
    expect(h.lot(1)).toMatchObject({ wh: 5_000n, free: 2_000n, listed: 0n, sold: 3_000n, listings: [] });
    expect(h.lot(2)).toMatchObject({ owner: bob.id, generator: sam.id, source: 'solar', region: 'central', carbon: 20, period: 2, wh: 1_234n, free: 1_234n, parent: 1, root: 1 });
    expect(h.lot(3)).toMatchObject({ owner: ben.id, generator: sam.id, wh: 1_766n, parent: 1, root: 1 });

    // A holder resells part of its lot; the buyer's lot names it as parent and keeps the root.
    h.ok(bob, 'cert.list', { lot: 2, wh: 500n, price: 1n });
    expect(h.block([{ from: ben, kind: 'cert.pick', payload: { listing: 2, wh: 500n } }])[0]!.result).toEqual({ lot: 4, paid: 0n }); // 500 × 1 / 1000 floors to 0
    expect(h.lot(4)).toMatchObject({ owner: ben.id, generator: sam.id, period: 2, parent: 2, root: 1 });

    // Cancelling returns the unpicked rest to the lot.
    h.ok(sam, 'cert.list', { lot: 1, wh: 1_500n, price: 9_000n });
    expect(h.lot(1).free).toBe(500n);
    expect(h.block([{ from: sam, kind: 'cert.cancel', payload: { listing: 3 } }])[0]!.result).toEqual({ rest: 1_500n });
    expect(h.lot(1)).toMatchObject({ free: 2_000n, listed: 0n, listings: [] });
    expect(getCertListings(h.state, {})).toEqual([]);
    expect(getCertListings(h.state, { all: true }).map((l) => [l.id, l.status])).toEqual([[1, 'sold'], [2, 'sold'], [3, 'cancelled']]);
    h.checkCertVolume();
  });

  it('has no kind that moves certificates outside a listing', () => {
    expect(Object.keys(certificatesModule.kinds!).sort()).toEqual(['cert.cancel', 'cert.claim', 'cert.list', 'cert.pick', 'cert.quota', 'cert.revoke']);
  });

  it('refuses bad input with its own code, changing nothing but the fee', () => {
    const h = withLot();
    h.ok(sam, 'cert.list', { lot: 1, wh: 3_000n, price: 12_345n });
    expect(h.refuse(sam, 'cert.list', { lot: 1, wh: 2_001n, price: 1n }, 'OVER_LIST')).toMatch(/lot 1 holds 2000 Wh free.*list at most 2000 Wh/);
    h.refuse(sam, 'cert.list', { lot: 99, wh: 1n, price: 1n }, 'UNKNOWN_LOT');
    h.refuse(bob, 'cert.list', { lot: 1, wh: 1n, price: 1n }, 'NOT_HOLDER');
    expect(h.refuse(wally, 'cert.list', { lot: 1, wh: 1n, price: 1n }, 'NOT_RENEWABLE')).toMatch(/declares the source 'gas', which earns no certificates/);
    h.refuse(sam, 'cert.list', { lot: 1, wh: 1n, price: 0n }, 'BAD_AMOUNT');
    h.refuse(sam, 'cert.list', { lot: 1, wh: 0n, price: 1n }, 'BAD_AMOUNT');
    h.refuse(sam, 'cert.pick', { listing: 1, wh: 1n }, 'OWN_LISTING');
    h.refuse(bob, 'cert.pick', { listing: 1, wh: 3_001n }, 'OVER_PICK');
    h.refuse(bob, 'cert.pick', { listing: 7, wh: 1n }, 'UNKNOWN_LISTING');
    h.refuse(nobody, 'cert.pick', { listing: 1, wh: 1n }, 'NOT_APPROVED');
    // poor holds 1 TES after its 5 TES bond; all of lot 1 at 500,000 µTES/kWh costs 2.5 TES.
    h.ok(sam, 'cert.cancel', { listing: 1 });
    h.ok(sam, 'cert.list', { lot: 1, wh: 5_000n, price: 500_000n }); // 2,500,000 µTES for all of it
    h.refuse(poor, 'cert.pick', { listing: 2, wh: 5_000n }, 'INSUFFICIENT_FUNDS');
    h.refuse(bob, 'cert.cancel', { listing: 2 }, 'NOT_OWNER');
    h.ok(sam, 'cert.cancel', { listing: 2 });
    h.refuse(sam, 'cert.cancel', { listing: 2 }, 'LISTING_CLOSED');
    h.refuse(bob, 'cert.pick', { listing: 2, wh: 1n }, 'LISTING_CLOSED');
    h.checkCertVolume();
  });

  it('bounds the open listings of one lot', () => {
    const h = withLot();
    for (let i = 0; i < 16; i++) h.ok(sam, 'cert.list', { lot: 1, wh: 1n, price: 1n });
    h.refuse(sam, 'cert.list', { lot: 1, wh: 1n, price: 1n }, 'TOO_MANY_LISTINGS');
    h.ok(sam, 'cert.cancel', { listing: 16 });
    h.ok(sam, 'cert.list', { lot: 1, wh: 1n, price: 1n });
    h.checkCertVolume();
  });
});
