import { addressFromBytes } from '../../chain/address.ts';
import { toHex } from '../../chain/bytes.ts';
import { readParticipant } from '../records/participant.ts';
import { readBond, readPenalties } from '../records/ledger.ts';
import { readRatings } from '../records/readings.ts';
import { readConfig } from '../records/config.ts';
import { readCreditScore, requiredBond } from '../credit.ts';
import { readCreditConfig } from '../credit/config.ts';
import { levelOf } from '../credit/score.ts';
import { accountId, type AccountRef } from './views.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { CreditLevel, ParticipantRole, ParticipantStatus } from '../types.ts';

/** A participant as queries show it, with its bond, credit, ratings and penalties. */
export interface ParticipantView {
  readonly address: string;
  readonly role: ParticipantRole;
  readonly status: ParticipantStatus;
  readonly region: string;
  readonly docHash: string;
  readonly docFields: number;
  readonly source: string;
  readonly carbon: number;
  readonly reason: string;
  readonly appliedHeight: number;
  readonly reviewedHeight: number;
  /** Open listings plus unsettled trades. */
  readonly open: number;
  readonly bond: bigint;
  readonly requiredBond: bigint;
  readonly creditScore: number;
  readonly creditLevel: CreditLevel;
  readonly ratings: { readonly count: number; readonly sum: number };
  readonly penalties: { readonly count: number; readonly fromBond: bigint; readonly unpaid: bigint };
}

/** The participant record of an account, or undefined if it never applied. */
export function getParticipant(state: StateReader, account: AccountRef): ParticipantView | undefined {
  const id = accountId(account);
  const p = readParticipant(state, id);
  if (!p) return undefined;
  const score = readCreditScore(state, id);
  const cfg = readConfig(state);
  const floors = readCreditConfig(state).levelFloors;
  const pen = readPenalties(state, id);
  return {
    address: addressFromBytes(id),
    role: p.role,
    status: p.status,
    region: p.region,
    docHash: toHex(p.docHash),
    docFields: p.docFields,
    source: p.source,
    carbon: p.carbon,
    reason: p.reason,
    appliedHeight: p.appliedHeight,
    reviewedHeight: p.reviewedHeight,
    open: p.open,
    bond: readBond(state, id),
    requiredBond: cfg ? requiredBond(cfg, score, floors) : 0n,
    creditScore: score,
    creditLevel: levelOf(score, floors),
    ratings: readRatings(state, id),
    penalties: { count: pen.count, fromBond: pen.fromBond, unpaid: pen.unpaid },
  };
}
