/**
 * The market harness (test/unit/market/harness.ts) with a `certificates` genesis section,
 * and helpers that make settled trades, read certificate records and check that every
 * certificate Wh is accounted for.
 */
import { expect } from 'vitest';
import { Harness, AUTH, G, PERIOD, start, type Actor, type HarnessOptions } from '../market/harness.ts';
import { accumulateState } from '../../../src/chain/genesis.ts';
import { Overlay } from '../../../src/chain/state/overlay.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { utf8, toHex } from '../../../src/chain/bytes.ts';
import { COMMUNITY_POOL_ID, accountIdFromPublicKey } from '../../../src/chain/state/accounts.ts';
import { DOC, REQUIRED_DOCS } from '../../../src/market/records/participant.ts';
import { CERT_GENESIS } from '../../../src/certificates/module.ts';
import { createDevCertGenesis } from '../../../src/certificates/devGenesis.ts';
import { peekCertId, readCertTotals } from '../../../src/certificates/records/counters.ts';
import { readLot, type Lot } from '../../../src/certificates/records/lot.ts';
import { readCertListing } from '../../../src/certificates/records/listing.ts';
import { readClaim } from '../../../src/certificates/records/claim.ts';
import { readRevocation } from '../../../src/certificates/records/revocation.ts';
import type { CertConfig } from '../../../src/certificates/config.ts';
import type { Payload } from '../../../src/chain/types.ts';

export { AUTH, G, PERIOD, start };

/** The account the harness credits fees to (its blocks' miner). */
export const MINER_ID = accountIdFromPublicKey(sha256(utf8('market-test/miner')));

/** Options of a certificate test chain: the market harness's, and changes to the dev certificate section. */
export interface CertHarnessOptions extends HarnessOptions {
  readonly certs?: Partial<CertConfig>;
  /** No certificates section at all. */
  readonly noCerts?: boolean;
}

/** A market test chain with certificates (dev section: compliance periods of 2 delivery periods, 2 of grace, 60 TES/MWh). */
export class CertHarness extends Harness {
  readonly certs: CertConfig;

  constructor(opts: CertHarnessOptions = {}) {
    super(opts);
    this.certs = { ...createDevCertGenesis(), ...opts.certs };
    if (opts.noCerts) return;
    // The section's genesis write, as the genesis parser would make it.
    const o = new Overlay(this.state);
    CERT_GENESIS.apply(o, this.certs, { chainId: this.ctx.chainId, timestamp: G, params: this.ctx.params });
    this.state.applyWrites(o.diff().map((c) => [c.key, c.value] as const));
    this.acc = accumulateState(this.state);
  }

  /** Registers, approves and bonds a seller declaring `source`. */
  joinSeller(a: Actor, region: string, source: string, carbon: number, bond = 5_000_000n): void {
    this.ok(a, 'market.register', { role: 'seller', region, docHash: sha256(utf8(a.name)), docFields: REQUIRED_DOCS.seller | DOC.identity, source, carbon });
    this.ok(AUTH, 'market.review', { account: a.id, approve: true, reason: '' });
    if (bond > 0n) this.ok(a, 'market.bond', { amount: bond });
  }

  /**
   * A trade of period k between seller and buyer, in the next two blocks: the seller
   * lists, the buyer picks (both must be before k's gate closure). Returns the listing id.
   */
  trade(seller: Actor, buyer: Actor, k: number, wh: bigint, price: bigint, region = 'central', source = 'solar'): number {
    const r = this.block([{ from: seller, kind: 'market.list', payload: { side: 'sell', period: k, wh, price, region, source, carbon: 20 } }]);
    expect(r[0]!.error, r[0]!.message).toBe('');
    const listing = r[0]!.result.listing as number;
    this.ok(buyer, 'market.pick', { listing, wh });
    return listing;
  }

  /** The meter reports `wh` for an account in period k (at the period's start or later). */
  meter(who: Actor, k: number, wh: bigint): void {
    this.ok(AUTH, 'market.meter', { account: who.id, period: k, wh }, Math.max(this.time + 1, start(k)));
  }

  /** A block at the moment period k's settlement is due (end + 10 s meter window). */
  settle(k: number): void {
    this.block([], Math.max(this.time + 1, start(k + 1) + 10_000));
  }

  /** Sends one transaction with a fee and asserts it failed with `code` and changed nothing but the fee. */
  refuse(from: Actor, kind: string, payload: Payload, code: string): string {
    const before = new Map(this.state.map);
    const fee = 10n;
    const r = this.block([{ from, kind, payload, fee }])[0]!;
    expect(r.error, r.message).toBe(code);
    const changed = new Set([...this.state.map.keys(), ...before.keys()].filter((k) => toHex(this.state.map.get(k) ?? new Uint8Array()) !== toHex(before.get(k) ?? new Uint8Array())));
    const allowed = new Set([`a/${toHex(from.id)}`, `a/${toHex(MINER_ID)}`, `a/${toHex(COMMUNITY_POOL_ID)}`]);
    expect([...changed].filter((k) => !allowed.has(k))).toEqual([]);
    return r.message;
  }

  /** Lot n (fails the test if absent). */
  lot(n: number): Lot {
    const l = readLot(this.state, n);
    expect(l, `lot ${n}`).toBeDefined();
    return l!;
  }

  /** Every lot, by id. */
  lots(): Lot[] {
    const out: Lot[] = [];
    for (let id = 1; id < peekCertId(this.state, 'lot'); id++) out.push(readLot(this.state, id)!);
    return out;
  }

  /**
   * Recomputes certificate volume from the records and checks it against the totals:
   * issued (Σ issued lots) = free + listed + claimed + revoked; every lot's parts add up;
   * a lot's listed volume is the rest of its open listings; claims and revocations add
   * up to what the lots record as claimed and revoked.
   */
  checkCertVolume(): void {
    const lots = this.lots();
    let issued = 0n, free = 0n, listed = 0n, claimed = 0n, revoked = 0n;
    const restByLot = new Map<number, bigint>();
    for (let id = 1; id < peekCertId(this.state, 'listing'); id++) {
      const l = readCertListing(this.state, id)!;
      if (l.status === 'open') restByLot.set(l.lot, (restByLot.get(l.lot) ?? 0n) + l.rest);
      expect(l.rest >= 0n && l.rest <= l.wh).toBe(true);
    }
    const childWh = new Map<number, bigint>();
    for (const l of lots) {
      if (l.parent === 0) issued += l.wh;
      else childWh.set(l.parent, (childWh.get(l.parent) ?? 0n) + l.wh);
      free += l.free;
      listed += l.listed;
      claimed += l.claimed;
      revoked += l.revoked;
      expect(l.free + l.listed + l.sold + l.claimed + l.revoked).toBe(l.wh);
      expect(l.listed).toBe(restByLot.get(l.id) ?? 0n);
    }
    // What a lot sold lives on in the lots split off it.
    for (const l of lots) expect(childWh.get(l.id) ?? 0n).toBe(l.sold);
    let claimRecords = 0n;
    for (let id = 1; id < peekCertId(this.state, 'claim'); id++) claimRecords += readClaim(this.state, id)!.wh;
    let revocationRecords = 0n;
    for (let id = 1; id < peekCertId(this.state, 'revocation'); id++) revocationRecords += readRevocation(this.state, id)!.wh;
    expect(claimRecords).toBe(claimed);
    expect(revocationRecords).toBe(revoked);
    expect(issued).toBe(free + listed + claimed + revoked);
    expect(readCertTotals(this.state)).toEqual({ issued, free, listed, claimed, revoked });
  }
}
