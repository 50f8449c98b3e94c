import { encode, decodeTrusted } from '../../chain/codec.ts';
import { CertKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/** Which id sequence: lots, listings, claims, revocations (positions in `g/seq`). */
export type CertSequence = 'lot' | 'listing' | 'claim' | 'revocation';
const SLOT: Readonly<Record<CertSequence, number>> = { lot: 0, listing: 1, claim: 2, revocation: 3 };

// Ids start at 1 so that 0 can mean "none" (a lot's parent, "any lot" in a claim).
function readSequence(state: StateReader): number[] {
  const raw = state.get(CertKey.sequence);
  return raw ? [...(decodeTrusted(raw) as number[])] : [1, 1, 1, 1];
}

/** Allocates the next id of a sequence (in order of creation). */
export function nextCertId(state: Overlay, which: CertSequence): number {
  const seq = readSequence(state);
  const id = seq[SLOT[which]]!;
  seq[SLOT[which]] = id + 1;
  state.set(CertKey.sequence, encode(seq));
  return id;
}

/** The next id a sequence would give: every id below it exists. */
export function peekCertId(state: StateReader, which: CertSequence): number {
  return readSequence(state)[SLOT[which]]!;
}

/** The issuance cursor: every delivery period below it has been considered for issuance. */
export function readIssueCursor(state: StateReader): number {
  const raw = state.get(CertKey.issueCursor);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/** Moves the issuance cursor. */
export function writeIssueCursor(state: Overlay, k: number): void {
  state.set(CertKey.issueCursor, encode(k));
}

/** The compliance cursor: every compliance period below it is closed and its fines taken. */
export function readComplianceCursor(state: StateReader): number {
  const raw = state.get(CertKey.complianceCursor);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/** Moves the compliance cursor. */
export function writeComplianceCursor(state: Overlay, c: number): void {
  state.set(CertKey.complianceCursor, encode(c));
}

/**
 * Running certificate volume totals (Wh). Every certificate Wh ever issued is in exactly
 * one place: free in a lot, offered in an open listing, claimed, or revoked; so
 * issued = free + listed + claimed + revoked after every operation and every block.
 */
export interface CertTotals {
  readonly issued: bigint;
  readonly free: bigint;
  readonly listed: bigint;
  readonly claimed: bigint;
  readonly revoked: bigint;
}

/** The totals (zeros on a fresh chain). */
export function readCertTotals(state: StateReader): CertTotals {
  const raw = state.get(CertKey.totals);
  if (!raw) return { issued: 0n, free: 0n, listed: 0n, claimed: 0n, revoked: 0n };
  const [issued, free, listed, claimed, revoked] = decodeTrusted(raw) as bigint[];
  return { issued: issued!, free: free!, listed: listed!, claimed: claimed!, revoked: revoked! };
}

/** Adds signed deltas to the totals; a total below zero or a broken balance is a bug, not a rule. */
export function addCertTotals(state: Overlay, d: Partial<CertTotals>): void {
  const t = readCertTotals(state);
  const n: CertTotals = {
    issued: t.issued + (d.issued ?? 0n),
    free: t.free + (d.free ?? 0n),
    listed: t.listed + (d.listed ?? 0n),
    claimed: t.claimed + (d.claimed ?? 0n),
    revoked: t.revoked + (d.revoked ?? 0n),
  };
  if (n.free < 0n || n.listed < 0n || n.claimed < 0n || n.revoked < 0n) throw new Error('internal: certificate totals would go negative');
  if (n.issued !== n.free + n.listed + n.claimed + n.revoked) throw new Error('internal: certificate volume not conserved');
  state.set(CertKey.totals, encode([n.issued, n.free, n.listed, n.claimed, n.revoked]));
}
