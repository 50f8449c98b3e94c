import { encode, decodeTrusted } from '../../chain/codec.ts';
import { revocationKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** A revocation: certificate volume of a lot the regulator withdrew, with the published reason. */
export interface Revocation {
  readonly id: number;
  readonly lot: number;
  readonly wh: bigint;
  /** Of `wh`, what was taken from open listings of the lot (the rest from its free volume). */
  readonly fromListings: bigint;
  readonly reason: string;
  readonly regulator: Uint8Array;
  readonly height: number;
}

/** Canonical encoding of a revocation. */
export function encodeRevocation(r: Revocation): Uint8Array {
  return encode([r.id, r.lot, r.wh, r.fromListings, r.reason, r.regulator, r.height]);
}

/** A revocation by id, if it exists. */
export function readRevocation(state: StateReader, id: number): Revocation | undefined {
  const raw = state.get(revocationKey(id));
  if (!raw) return undefined;
  const [rid, lot, wh, fromListings, reason, regulator, height] = decodeTrusted(raw) as [number, number, bigint, bigint, string, Uint8Array, number];
  return { id: rid, lot, wh, fromListings, reason, regulator, height };
}

/** Writes a revocation. */
export function writeRevocation(state: Overlay, r: Revocation): void {
  state.set(revocationKey(r.id), encodeRevocation(r));
}
