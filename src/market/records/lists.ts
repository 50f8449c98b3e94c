import { encode, decodeTrusted } from '../../chain/codec.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

// Ids are appended in chunks so that an append re-encodes at most CHUNK numbers, not
// the whole list: a period with 10,000 trades stays cheap to extend.
const CHUNK = 128;

/**
 * Append-only lists of ids in the state: `<base>/n` holds the count and `<base>/<c>` the
 * c-th chunk of up to 128 ids. The order is the order of appending, which is the order
 * of arrival, so iterating a list is deterministic without prefix scans.
 */
export function appendToList(state: Overlay, base: string, value: number): void {
  const n = getListLength(state, base);
  const chunkKey = `${base}/${Math.floor(n / CHUNK)}`;
  const raw = state.get(chunkKey);
  const chunk = raw ? (decodeTrusted(raw) as number[]) : [];
  chunk.push(value);
  state.set(chunkKey, encode(chunk));
  state.set(`${base}/n`, encode(n + 1));
}

/** Number of ids in a list (0 when absent). */
export function getListLength(state: StateReader, base: string): number {
  const raw = state.get(`${base}/n`);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/** All ids of a list in order of appending. */
export function readList(state: StateReader, base: string): number[] {
  const n = getListLength(state, base);
  const out: number[] = [];
  for (let c = 0; c * CHUNK < n; c++) {
    const raw = state.get(`${base}/${c}`);
    if (raw) out.push(...(decodeTrusted(raw) as number[]));
  }
  return out;
}

/** The last id of a list (undefined when empty): reads one chunk. */
export function lastOfList(state: StateReader, base: string): number | undefined {
  const n = getListLength(state, base);
  if (n === 0) return undefined;
  const raw = state.get(`${base}/${Math.floor((n - 1) / CHUNK)}`);
  return raw ? (decodeTrusted(raw) as number[])[(n - 1) % CHUNK] : undefined;
}

/** The last `max` ids of a list, in order of appending: reads only the chunks they are in. */
export function readListTail(state: StateReader, base: string, max: number): number[] {
  const n = getListLength(state, base);
  const from = Math.max(0, n - max);
  const out: number[] = [];
  for (let c = Math.floor(from / CHUNK); c * CHUNK < n; c++) {
    const raw = state.get(`${base}/${c}`);
    if (!raw) continue;
    const chunk = decodeTrusted(raw) as number[];
    for (let i = 0; i < chunk.length; i++) if (c * CHUNK + i >= from) out.push(chunk[i]!);
  }
  return out;
}
