import { encode, decodeTrusted } from '../../chain/codec.ts';
import { creditHistoryKey, creditRecordKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * An account's credit record (`m/cr/<id>`): the score and its parts as last computed, and
 * the inputs that fade with time, kept "as of" a period. It outlives exit and expulsion,
 * so an account that leaves and comes back finds its history, not a fresh start. The
 * chain-level record `c/<id>` holds only the composite score, and only while the account
 * is an approved participant: it is what a miner's boost reads.
 */
export interface CreditRecord {
  /** The composite score 0..1000 (what bonds, rankings and the mining boost use). */
  readonly composite: number;
  /** The internal score 0..1000 and its parts: rating, activity (bonus) and penalty (minus). */
  readonly internal: number;
  readonly ratingPart: number;
  readonly activityPart: number;
  readonly penaltyPart: number;
  /** The credit agency's latest score, null before its first, and the agency cycle it was posted in. */
  readonly external: number | null;
  readonly externalCycle: number;
  /** Decayed count of traded periods, in thousandths, as of `asOfPeriod`. */
  readonly activity: bigint;
  /** Decayed penalty points, in thousandths, as of `asOfPeriod`. */
  readonly penalty: bigint;
  readonly asOfPeriod: number;
  /** Settlement shortfalls and confirmed violations, all time. */
  readonly shortfalls: number;
  readonly violations: number;
  /** Period of the latest approval, and of the latest exit (−1 for none). */
  readonly approvedPeriod: number;
  readonly exitPeriod: number;
  /** Height of the latest recomputation. */
  readonly updatedHeight: number;
  /** µTES received as credit rewards from the community pool, all time. */
  readonly rewarded: bigint;
}

/** The record of an account that has none yet. */
export const EMPTY_CREDIT: CreditRecord = {
  composite: 0, internal: 0, ratingPart: 0, activityPart: 0, penaltyPart: 0, external: null, externalCycle: -1,
  activity: 0n, penalty: 0n, asOfPeriod: 0, shortfalls: 0, violations: 0, approvedPeriod: -1, exitPeriod: -1, updatedHeight: 0, rewarded: 0n,
};

/** Canonical encoding of a credit record. */
export function encodeCreditRecord(r: CreditRecord): Uint8Array {
  return encode([
    r.composite, r.internal, r.ratingPart, r.activityPart, r.penaltyPart, r.external, r.externalCycle, r.activity, r.penalty,
    r.asOfPeriod, r.shortfalls, r.violations, r.approvedPeriod, r.exitPeriod, r.updatedHeight, r.rewarded,
  ]);
}

/** The credit record of an account, if it was ever approved or scored. */
export function readCreditRecord(state: StateReader, id: Uint8Array): CreditRecord | undefined {
  const raw = state.get(creditRecordKey(id));
  if (!raw) return undefined;
  const a = decodeTrusted(raw) as unknown[];
  const n = (i: number) => a[i] as number;
  return {
    composite: n(0), internal: n(1), ratingPart: n(2), activityPart: n(3), penaltyPart: n(4), external: a[5] as number | null,
    externalCycle: n(6), activity: a[7] as bigint, penalty: a[8] as bigint, asOfPeriod: n(9), shortfalls: n(10), violations: n(11),
    approvedPeriod: n(12), exitPeriod: n(13), updatedHeight: n(14), rewarded: a[15] as bigint,
  };
}

/** Writes a credit record. */
export function writeCreditRecord(state: Overlay, id: Uint8Array, r: CreditRecord): void {
  state.set(creditRecordKey(id), encodeCreditRecord(r));
}

/** What changed a score. */
export type CreditCause =
  | 'approved'
  | 'settled'
  | 'rated'
  | 'agency'
  | 'violation'
  | 'cycle'
  | 'forcedExit'
  | 'expelled'
  | 'reclaimed'
  | 'exited';

/** One entry of an account's credit history. */
export interface CreditHistoryEntry {
  readonly height: number;
  readonly period: number;
  readonly cause: CreditCause;
  readonly composite: number;
  readonly internal: number;
  readonly external: number | null;
}

/** How many history entries an account keeps: the newest, oldest dropped first. */
export const HISTORY_MAX = 32;

/** The credit history of an account, oldest first. */
export function readCreditHistory(state: StateReader, id: Uint8Array): CreditHistoryEntry[] {
  const raw = state.get(creditHistoryKey(id));
  if (!raw) return [];
  return (decodeTrusted(raw) as Array<[number, number, CreditCause, number, number, number | null]>).map(
    ([height, period, cause, composite, internal, external]) => ({ height, period, cause, composite, internal, external }),
  );
}

/** Appends a history entry, dropping the oldest beyond HISTORY_MAX. */
export function appendCreditHistory(state: Overlay, id: Uint8Array, e: CreditHistoryEntry): void {
  const list = readCreditHistory(state, id);
  list.push(e);
  const kept = list.slice(-HISTORY_MAX);
  state.set(creditHistoryKey(id), encode(kept.map((x) => [x.height, x.period, x.cause, x.composite, x.internal, x.external])));
}
