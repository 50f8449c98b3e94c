import { readReading } from '../../market/records/readings.ts';
import { readClaimedOfGeneration } from '../records/claim.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Widest range of delivery periods one matching report covers. */
export const MAX_MATCHING_SPAN = 4096;

/** One delivery period of a matching report. */
export interface PeriodMatch {
  readonly period: number;
  readonly consumedWh: bigint;
  /** Wh the account claimed of certificates generated in this period (for any compliance period). */
  readonly claimedWh: bigint;
  /** min(consumed, claimed): consumption covered by certificates of the same period. */
  readonly matchedWh: bigint;
}

/**
 * How much of an account's metered consumption its claimed certificates cover, two ways:
 * - time-matched (24/7 style): each delivery period's consumption against certificates
 *   generated in that same period, Σ min(consumed_k, claimed_k) / Σ consumed_k;
 * - volume-matched (annual style): all certificates generated in the range against all
 *   consumption in it, min(Σ claimed, Σ consumed) / Σ consumed.
 * Shares are basis points (10,000 = 100 %), floored; 0 without consumption.
 */
export interface MatchingReport {
  readonly account: Uint8Array;
  readonly fromPeriod: number;
  readonly toPeriod: number;
  readonly consumedWh: bigint;
  readonly claimedWh: bigint;
  readonly timeMatchedWh: bigint;
  readonly timeMatchedBp: bigint;
  readonly volumeMatchedWh: bigint;
  readonly volumeMatchedBp: bigint;
  /** The periods with consumption or claimed certificates, ascending. */
  readonly periods: readonly PeriodMatch[];
}

const bp = (part: bigint, whole: bigint): bigint => (whole === 0n ? 0n : (part * 10_000n) / whole);

/** The matching report of an account over delivery periods [from, to] (the caller bounds the span). */
export function computeMatching(state: StateReader, account: Uint8Array, from: number, to: number): MatchingReport {
  let consumed = 0n;
  let claimed = 0n;
  let matched = 0n;
  const periods: PeriodMatch[] = [];
  for (let k = from; k <= to; k++) {
    const c = readReading(state, k, account);
    const g = readClaimedOfGeneration(state, account, k);
    if (c === 0n && g === 0n) continue;
    const m = c < g ? c : g;
    consumed += c;
    claimed += g;
    matched += m;
    periods.push({ period: k, consumedWh: c, claimedWh: g, matchedWh: m });
  }
  const volume = claimed < consumed ? claimed : consumed;
  return {
    account, fromPeriod: from, toPeriod: to, consumedWh: consumed, claimedWh: claimed,
    timeMatchedWh: matched, timeMatchedBp: bp(matched, consumed), volumeMatchedWh: volume, volumeMatchedBp: bp(volume, consumed), periods,
  };
}
