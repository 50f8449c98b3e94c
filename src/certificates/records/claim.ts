import { encode, decodeTrusted } from '../../chain/codec.ts';
import { claimKey, claimedForPeriodKey, claimedOfGenerationKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Volume a claim took from one lot. */
export interface ClaimPart {
  readonly lot: number;
  readonly wh: bigint;
  /** The lot's generation period (what time matching compares with consumption). */
  readonly period: number;
}

/** A claim (retirement): volume a holder counted for a beneficiary and a compliance period, for good. */
export interface Claim {
  readonly id: number;
  readonly claimant: Uint8Array;
  readonly beneficiary: string;
  /** The compliance period the volume counts toward. */
  readonly period: number;
  readonly wh: bigint;
  readonly lots: readonly ClaimPart[];
  readonly height: number;
  readonly txIndex: number;
}

/** Canonical encoding of a claim. */
export function encodeClaim(c: Claim): Uint8Array {
  return encode([c.id, c.claimant, c.beneficiary, c.period, c.wh, c.lots.map((p) => [p.lot, p.wh, p.period]), c.height, c.txIndex]);
}

/** A claim by id, if it exists. */
export function readClaim(state: StateReader, id: number): Claim | undefined {
  const raw = state.get(claimKey(id));
  if (!raw) return undefined;
  const [cid, claimant, beneficiary, period, wh, lots, height, txIndex] = decodeTrusted(raw) as [
    number, Uint8Array, string, number, bigint, Array<[number, bigint, number]>, number, number,
  ];
  return { id: cid, claimant, beneficiary, period, wh, lots: lots.map(([lot, w, p]) => ({ lot, wh: w, period: p })), height, txIndex };
}

/** Writes a claim. */
export function writeClaim(state: Overlay, c: Claim): void {
  state.set(claimKey(c.id), encodeClaim(c));
}

function readWh(state: StateReader, key: string): bigint {
  const raw = state.get(key);
  return raw ? (decodeTrusted(raw) as bigint) : 0n;
}

/** Wh an account claimed for compliance period c (what its quota is measured against). */
export function readClaimedForPeriod(state: StateReader, c: number, id: Uint8Array): bigint {
  return readWh(state, claimedForPeriodKey(c, id));
}

/** Wh an account claimed of certificates generated in delivery period k (time matching). */
export function readClaimedOfGeneration(state: StateReader, id: Uint8Array, k: number): bigint {
  return readWh(state, claimedOfGenerationKey(id, k));
}

/** Adds a claim's volume to the claimant's tallies: per compliance period and per generation period. */
export function addClaimTallies(state: Overlay, claimant: Uint8Array, c: number, parts: readonly ClaimPart[]): void {
  let total = 0n;
  const byGeneration = new Map<number, bigint>();
  for (const p of parts) {
    total += p.wh;
    byGeneration.set(p.period, (byGeneration.get(p.period) ?? 0n) + p.wh);
  }
  state.set(claimedForPeriodKey(c, claimant), encode(readClaimedForPeriod(state, c, claimant) + total));
  for (const k of [...byGeneration.keys()].sort((a, b) => a - b)) {
    state.set(claimedOfGenerationKey(claimant, k), encode(readClaimedOfGeneration(state, claimant, k) + byGeneration.get(k)!));
  }
}
