import { encode, decodeTrusted } from '../../chain/codec.ts';
import { participantKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { Participant, ParticipantRole, ParticipantStatus } from '../types.ts';

/** Document kinds an application states (bits of `docFields`), after the paper's 资质检验. */
export const DOC = {
  identity: 1, // legal person's or owner's identity (real-name check)
  contact: 2,
  bank: 4, // bank account for settlement
  license: 8, // business licence / generation licence
  creditReport: 16,
  meterBinding: 32, // metering point bound to the account
} as const;

/**
 * Document kinds each role must state. Sellers state more than buyers (docs/market.md: legal
 * person, bank, licence and credit report against a buyer's basic identity).
 */
export const REQUIRED_DOCS: Readonly<Record<ParticipantRole, number>> = {
  seller: DOC.identity | DOC.contact | DOC.bank | DOC.license | DOC.creditReport | DOC.meterBinding,
  buyer: DOC.identity | DOC.contact | DOC.meterBinding,
  chargePoint: DOC.identity | DOC.contact | DOC.bank | DOC.license | DOC.meterBinding,
  storage: DOC.identity | DOC.contact | DOC.bank | DOC.license | DOC.creditReport | DOC.meterBinding,
};

/** Canonical encoding of a participant record. */
export function encodeParticipant(p: Participant): Uint8Array {
  return encode([p.role, p.status, p.region, p.docHash, p.docFields, p.source, p.carbon, p.reason, p.appliedHeight, p.reviewedHeight, p.open]);
}

/** Decodes a participant record from the state. */
export function decodeParticipant(raw: Uint8Array): Participant {
  const [role, status, region, docHash, docFields, source, carbon, reason, appliedHeight, reviewedHeight, open] = decodeTrusted(raw) as [
    ParticipantRole, ParticipantStatus, string, Uint8Array, number, string, number, string, number, number, number,
  ];
  return { role, status, region, docHash, docFields, source, carbon, reason, appliedHeight, reviewedHeight, open };
}

/** The participant record of an account, if it ever applied. */
export function readParticipant(state: StateReader, id: Uint8Array): Participant | undefined {
  const raw = state.get(participantKey(id));
  return raw ? decodeParticipant(raw) : undefined;
}

/** Writes a participant record. */
export function writeParticipant(state: Overlay, id: Uint8Array, p: Participant): void {
  state.set(participantKey(id), encodeParticipant(p));
}

/** Adds `delta` to the count of open listings and trades of a participant. */
export function addOpen(state: Overlay, id: Uint8Array, delta: number): void {
  const p = readParticipant(state, id);
  if (!p) throw new Error('internal: open count of an account that never applied');
  const open = p.open + delta;
  if (open < 0) throw new Error('internal: open count would go negative');
  writeParticipant(state, id, { ...p, open });
}
