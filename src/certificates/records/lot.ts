import { encode, decodeTrusted } from '../../chain/codec.ts';
import { lotKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * A certificate lot: volume (Wh) of one origin (generator, source, region, carbon
 * intensity, generation period) held by one owner. Issuance makes a root lot; a pick
 * splits volume off a listing into a new lot for the buyer, which keeps the origin and
 * names its parent and root. A lot's volume is always accounted for:
 *
 *   wh = free + listed + sold + claimed + revoked
 *
 * free: held and usable; listed: offered in open listings; sold: picked by buyers (it
 * lives on in their lots); claimed: retired, for good; revoked: withdrawn by the regulator.
 */
export interface Lot {
  readonly id: number;
  readonly owner: Uint8Array;
  readonly generator: Uint8Array;
  readonly source: string;
  readonly region: string;
  /** g CO2/kWh the generator declared. */
  readonly carbon: number;
  /** The delivery period the energy was generated in. */
  readonly period: number;
  readonly wh: bigint;
  readonly free: bigint;
  readonly listed: bigint;
  readonly sold: bigint;
  readonly claimed: bigint;
  readonly revoked: bigint;
  /** The lot it was split from (0 for an issued lot) and the issued lot it descends from (itself for an issued lot). */
  readonly parent: number;
  readonly root: number;
  readonly height: number;
  /** Open listings offering part of this lot, ascending (what a revocation may reach). */
  readonly listings: readonly number[];
}

/** Canonical encoding of a lot. */
export function encodeLot(l: Lot): Uint8Array {
  return encode([
    l.id, l.owner, l.generator, l.source, l.region, l.carbon, l.period, l.wh, l.free, l.listed, l.sold, l.claimed, l.revoked,
    l.parent, l.root, l.height, [...l.listings],
  ]);
}

/** A lot by id, if it exists. */
export function readLot(state: StateReader, id: number): Lot | undefined {
  const raw = state.get(lotKey(id));
  if (!raw) return undefined;
  const a = decodeTrusted(raw) as unknown[];
  return {
    id: a[0] as number, owner: a[1] as Uint8Array, generator: a[2] as Uint8Array, source: a[3] as string, region: a[4] as string,
    carbon: a[5] as number, period: a[6] as number, wh: a[7] as bigint, free: a[8] as bigint, listed: a[9] as bigint, sold: a[10] as bigint,
    claimed: a[11] as bigint, revoked: a[12] as bigint, parent: a[13] as number, root: a[14] as number, height: a[15] as number,
    listings: a[16] as number[],
  };
}

/** Writes a lot; its parts must add up to its volume. */
export function writeLot(state: Overlay, l: Lot): void {
  if (l.free < 0n || l.listed < 0n || l.wh !== l.free + l.listed + l.sold + l.claimed + l.revoked) throw new Error(`internal: lot ${l.id} volume not accounted for`);
  state.set(lotKey(l.id), encodeLot(l));
}
