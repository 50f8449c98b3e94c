import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey, banKey, memberKey, memberNumberKey } from '../keys.ts';
import { readParticipant, writeParticipant } from '../records/participant.ts';
import { readBond, takeFromBond } from '../records/ledger.ts';
import { deleteCredit } from '../credit.ts';
import { appendCreditHistory, writeCreditRecord, type CreditCause } from './record.ts';
import { creditRecordOrFresh } from './fresh.ts';
import type { CreditNow } from './now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * Membership (docs/credit.md): the index of members the agency cycle walks, forced
 * exit and its completion, and bans of identity commitments.
 */

/** Number of accounts ever approved. */
export function memberCount(state: StateReader): number {
  const raw = state.get(MarketKey.members);
  return raw ? (decodeTrusted(raw) as number) : 0;
}

/** The account id of member n (1-based, in order of first approval). */
export function memberAt(state: StateReader, n: number): Uint8Array | undefined {
  const raw = state.get(memberKey(n));
  return raw ? (decodeTrusted(raw) as Uint8Array) : undefined;
}

/** Gives an account a member number on its first approval (idempotent). */
export function ensureMember(state: Overlay, id: Uint8Array): void {
  if (state.get(memberNumberKey(id)) !== undefined) return;
  const n = memberCount(state) + 1;
  state.set(memberKey(n), encode(id));
  state.set(memberNumberKey(id), encode(n));
  state.set(MarketKey.members, encode(n));
}

/** A ban of an identity commitment: who was banned under it, when, and why. */
export interface BanRecord {
  readonly account: Uint8Array;
  readonly height: number;
  readonly reason: string;
}

/** The ban of a document hash (identity commitment), if any. */
export function readBan(state: StateReader, docHash: Uint8Array): BanRecord | undefined {
  const raw = state.get(banKey(docHash));
  if (!raw) return undefined;
  const [account, height, reason] = decodeTrusted(raw) as [Uint8Array, number, string];
  return { account, height, reason };
}

/** Bans an identity commitment for good: no account may register with it again. */
export function banIdentity(state: Overlay, docHash: Uint8Array, b: BanRecord): void {
  if (state.get(banKey(docHash)) === undefined) state.set(banKey(docHash), encode([b.account, b.height, b.reason]));
}

/**
 * Ends an account's membership: the whole bond comes back to its balance (penalties were
 * taken before), `c/<id>` goes (no mining boost), the participant is marked with its final
 * status, and the exit period is kept in its credit record for the readmission rules.
 */
export function completeExit(state: Overlay, id: Uint8Array, now: CreditNow, status: 'exited' | 'expelled' | 'banned', reason: string, cause: CreditCause): void {
  const p = readParticipant(state, id);
  if (!p) throw new Error('internal: exit of an account that never applied');
  takeFromBond(state, id, readBond(state, id), id);
  deleteCredit(state, id);
  writeParticipant(state, id, { ...p, status, reason, reviewedHeight: now.height });
  const rec = creditRecordOrFresh(state, id, now.period);
  writeCreditRecord(state, id, { ...rec, exitPeriod: now.period });
  appendCreditHistory(state, id, { height: now.height, period: now.period, cause, composite: rec.composite, internal: rec.internal, external: rec.external });
}

/** The final status of a forced exit: banned if its identity commitment is banned, else expelled. */
function forcedOutcome(state: StateReader, docHash: Uint8Array): 'expelled' | 'banned' {
  return readBan(state, docHash) ? 'banned' : 'expelled';
}

/**
 * Forces an account out (credit below exitCredit, or a regulator's ruling): it stops
 * earning a boost at once and may no longer list or pick, and nobody may pick its open
 * listings; the exit completes as soon as its open listings and trades are settled or
 * cancelled (at once if it has none).
 */
export function startForcedExit(state: Overlay, id: Uint8Array, now: CreditNow, reason: string): void {
  const p = readParticipant(state, id);
  if (!p) throw new Error('internal: forced exit of an account that never applied');
  if (p.status === 'exited' || p.status === 'expelled' || p.status === 'banned' || p.status === 'rejected') return;
  if (p.open === 0) {
    completeExit(state, id, now, forcedOutcome(state, p.docHash), reason, 'expelled');
    return;
  }
  writeParticipant(state, id, { ...p, status: 'exiting', reason, reviewedHeight: now.height });
  deleteCredit(state, id);
  const rec = creditRecordOrFresh(state, id, now.period);
  appendCreditHistory(state, id, { height: now.height, period: now.period, cause: 'forcedExit', composite: rec.composite, internal: rec.internal, external: rec.external });
}

/** Completes a forced exit whose open listings and trades are all gone. */
export function completeExitIfDone(state: Overlay, id: Uint8Array, now: CreditNow): void {
  const p = readParticipant(state, id);
  if (p?.status !== 'exiting' || p.open > 0) return;
  completeExit(state, id, now, forcedOutcome(state, p.docHash), p.reason, 'expelled');
}
