/**
 * Helpers of the credit tests over the market harness: credit overrides of the dev
 * genesis, reading an account's credit, and a settled trade in one call.
 */
import { expect } from 'vitest';
import { Harness, AUTH, start, testMarket, type Actor, type HarnessOptions } from '../market/harness.ts';
import { CREDIT_DEFAULTS, type CreditConfig } from '../../../src/market/credit/config.ts';
import { readCreditRecord, type CreditRecord } from '../../../src/market/credit/record.ts';
import { readParticipant } from '../../../src/market/records/participant.ts';
import { getCreditScore } from '../../../src/chain/state/accounts.ts';
import { getTrades } from '../../../src/market/index.ts';
import { decodeTrusted } from '../../../src/chain/codec.ts';
import type { ParticipantStatus } from '../../../src/market/types.ts';

/** A harness whose market has the given credit parameters (over the defaults). */
export function creditHarness(credit: Partial<CreditConfig>, opts: Omit<HarnessOptions, 'market'> = {}): Harness {
  return new Harness({ ...opts, market: (m) => ({ ...testMarket(m), credit: { ...CREDIT_DEFAULTS, ...credit } }) });
}

/** An account's credit record (fails the test if it has none). */
export function credit(h: Harness, a: Actor): CreditRecord {
  const r = readCreditRecord(h.state, a.id);
  expect(r, `${a.name} has a credit record`).toBeDefined();
  return r!;
}

/** An account's participant status. */
export function status(h: Harness, a: Actor): ParticipantStatus | undefined {
  return readParticipant(h.state, a.id)?.status;
}

/** The chain-level score a miner's boost reads (`c/<id>`; 0 without a record). */
export function chainCredit(h: Harness, a: Actor): number {
  return getCreditScore(h.state, a.id);
}

/** A sell-listing in central for period k. */
export const sell = (k: number, wh: bigint, price = 100_000n) => ({ side: 'sell', period: k, wh, price, region: 'central', source: 'wind', carbon: 10 });

/**
 * The seller lists `wh` for period k, the buyer picks it all, meters report `sellerWh` and
 * `buyerWh` during k (default: as contracted), and the chain moves to k's settlement.
 * Price 100,000 µTES/kWh unless given. Returns the trade id.
 */
export function settledTrade(h: Harness, seller: Actor, buyer: Actor, k: number, wh: bigint, metered: { seller?: bigint; buyer?: bigint; price?: bigint } = {}): number {
  h.ok(seller, 'market.list', sell(k, wh, metered.price));
  const book = getTrades(h.state, { account: seller.address }).length;
  h.ok(buyer, 'market.pick', { listing: lastListingId(h), wh });
  h.block([], Math.max(h.time + 1, start(k)));
  h.ok(AUTH, 'market.meter', { account: seller.id, period: k, wh: metered.seller ?? wh });
  h.ok(AUTH, 'market.meter', { account: buyer.id, period: k, wh: metered.buyer ?? wh });
  h.block([], start(k + 1) + 10_000);
  const trades = getTrades(h.state, { account: seller.address });
  expect(trades.length).toBe(book + 1);
  return trades[trades.length - 1]!.id;
}

/** The id of the newest listing (m/seq holds [next listing id, next trade id]). */
export function lastListingId(h: Harness): number {
  const raw = h.state.get('m/seq');
  if (!raw) throw new Error('no listing yet');
  return (decodeTrusted(raw) as [number, number])[0] - 1;
}
