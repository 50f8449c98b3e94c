import { encode, decodeTrusted } from '../../chain/codec.ts';
import { ftrKey, ratingsKey, readingKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Ftr } from '../types.ts';

/** An account's metered Wh for a period; a missing reading counts as zero (docs/protocol/market.md). */
export function readReading(state: StateReader, k: number, id: Uint8Array): bigint {
  const raw = state.get(readingKey(k, id));
  return raw ? (decodeTrusted(raw) as bigint) : 0n;
}

/** Whether a meter reported for the account and period. */
export function hasReading(state: StateReader, k: number, id: Uint8Array): boolean {
  return state.get(readingKey(k, id)) !== undefined;
}

/** Records a meter reading; a later report in the window replaces it (a correction). */
export function writeReading(state: Overlay, k: number, id: Uint8Array, wh: bigint): void {
  state.set(readingKey(k, id), encode(wh));
}

/** A buyer's FTR for a period and route, if held. */
export function readFtr(state: StateReader, id: Uint8Array, k: number, from: string, to: string): Ftr | undefined {
  const raw = state.get(ftrKey(id, k, from, to));
  if (!raw) return undefined;
  const [wh, rate, premium, paid] = decodeTrusted(raw) as [bigint, bigint, bigint, bigint];
  return { wh, rate, premium, paid };
}

/** Writes an FTR. */
export function writeFtr(state: Overlay, id: Uint8Array, k: number, from: string, to: string, f: Ftr): void {
  state.set(ftrKey(id, k, from, to), encode([f.wh, f.rate, f.premium, f.paid]));
}

/** Ratings an account received: count and sum of scores (for the credit rules). */
export function readRatings(state: StateReader, id: Uint8Array): { count: number; sum: number } {
  const raw = state.get(ratingsKey(id));
  if (!raw) return { count: 0, sum: 0 };
  const [count, sum] = decodeTrusted(raw) as [number, number];
  return { count, sum };
}

/** Adds one received rating. */
export function addRating(state: Overlay, id: Uint8Array, score: number): void {
  const r = readRatings(state, id);
  state.set(ratingsKey(id), encode([r.count + 1, r.sum + score]));
}
