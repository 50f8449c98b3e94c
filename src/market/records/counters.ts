import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

// Ids start at 1 so that 0 can mean "none" (a trade's origin).
function readSequence(state: StateReader): [number, number] {
  const raw = state.get(MarketKey.sequence);
  return raw ? (decodeTrusted(raw) as [number, number]) : [1, 1];
}

/** Allocates the next listing id (in order of arrival). */
export function nextListingId(state: Overlay): number {
  const [l, t] = readSequence(state);
  state.set(MarketKey.sequence, encode([l + 1, t]));
  return l;
}

/** Allocates the next trade id (in order of formation). */
export function nextTradeId(state: Overlay): number {
  const [l, t] = readSequence(state);
  state.set(MarketKey.sequence, encode([l, t + 1]));
  return t;
}

/** The settlement cursor: every period below it is settled. */
export function readSettleCursor(state: StateReader): number {
  const raw = state.get(MarketKey.settleCursor);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/** Moves the settlement cursor. */
export function writeSettleCursor(state: Overlay, k: number): void {
  state.set(MarketKey.settleCursor, encode(k));
}

/** Periods that hold listings and are not settled yet, ascending. */
export function readPendingPeriods(state: StateReader): number[] {
  const raw = state.get(MarketKey.pending);
  return raw ? (decodeTrusted(raw) as number[]) : [];
}

/** Marks a period as awaiting settlement (idempotent). */
export function addPendingPeriod(state: Overlay, k: number): void {
  const list = readPendingPeriods(state);
  if (list.includes(k)) return;
  list.push(k);
  list.sort((a, b) => a - b);
  state.set(MarketKey.pending, encode(list));
}

/** Removes settled periods (all up to and including `k`). */
export function dropPendingThrough(state: Overlay, k: number): void {
  const list = readPendingPeriods(state).filter((p) => p > k);
  if (list.length === 0) state.delete(MarketKey.pending);
  else state.set(MarketKey.pending, encode(list));
}
