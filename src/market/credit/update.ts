import { readRatings } from '../records/readings.ts';
import { readParticipant } from '../records/participant.ts';
import { deleteCredit, writeChainCredit } from '../credit.ts';
import { readCreditConfig } from './config.ts';
import { decay } from './decay.ts';
import { computeScore } from './score.ts';
import { EMPTY_CREDIT, appendCreditHistory, readCreditRecord, writeCreditRecord, type CreditCause, type CreditRecord } from './record.ts';
import { startForcedExit } from './membership.ts';
import type { CreditNow } from './now.ts';
import type { Overlay } from '../../chain/state/overlay.ts';

/** What happened to an account since its score was last computed. */
export interface CreditDelta {
  /** Periods the account traded in (executed quantity > 0) that just settled: +1 activity each. */
  readonly tradedPeriods?: number;
  /** Settlement shortfalls covered from the bond or left unpaid: shortfallPoints each. */
  readonly shortfalls?: number;
  /** Violations the regulator just confirmed: violationPoints each. */
  readonly violations?: number;
  /** A new external score from the credit agency, and its cycle. */
  readonly external?: { readonly score: number; readonly cycle: number };
  /** The account was just approved (or readmitted). */
  readonly approved?: boolean;
}

// Causes always written to the history, even when the score did not move.
const ALWAYS_RECORDED: ReadonlySet<CreditCause> = new Set(['approved', 'agency', 'violation']);

/**
 * Recomputes an account's credit at one of the defined points (approval, settlement of
 * its trades, a rating it received, an agency score, a confirmed violation, the end of an
 * agency cycle): fades activity and penalties to the current period, adds the delta,
 * applies the formula (score.ts), and writes the record, `c/<id>` (approved participants
 * only) and, when the score moved, the history. An approved participant whose composite
 * falls below exitCredit is forced out (membership.ts). Touches this account only.
 */
export function updateCredit(state: Overlay, id: Uint8Array, now: CreditNow, cause: CreditCause, delta: CreditDelta = {}): CreditRecord {
  const cfg = readCreditConfig(state);
  const prev = readCreditRecord(state, id);
  const old = prev ?? { ...EMPTY_CREDIT, asOfPeriod: now.period };
  const steps = now.period > old.asOfPeriod ? now.period - old.asOfPeriod : 0;
  const activity = decay(old.activity, cfg.activityRetention, steps) + 1000n * BigInt(delta.tradedPeriods ?? 0);
  const points = (delta.shortfalls ?? 0) * cfg.shortfallPoints + (delta.violations ?? 0) * cfg.violationPoints;
  const penalty = decay(old.penalty, cfg.penaltyRetention, steps) + 1000n * BigInt(points);
  const external = delta.external ? delta.external.score : old.external;
  const ratings = readRatings(state, id);
  const parts = computeScore(cfg, { ratingsCount: ratings.count, ratingsSum: ratings.sum, activity, penalty, external });
  const rec: CreditRecord = {
    ...old,
    ...parts,
    external,
    externalCycle: delta.external ? delta.external.cycle : old.externalCycle,
    activity,
    penalty,
    asOfPeriod: now.period > old.asOfPeriod ? now.period : old.asOfPeriod,
    shortfalls: old.shortfalls + (delta.shortfalls ?? 0),
    violations: old.violations + (delta.violations ?? 0),
    approvedPeriod: delta.approved ? now.period : old.approvedPeriod,
    updatedHeight: now.height,
  };
  writeCreditRecord(state, id, rec);
  if (!prev || prev.composite !== rec.composite || prev.external !== rec.external || ALWAYS_RECORDED.has(cause)) {
    appendCreditHistory(state, id, { height: now.height, period: now.period, cause, composite: rec.composite, internal: rec.internal, external: rec.external });
  }
  const p = readParticipant(state, id);
  if (p?.status === 'approved') {
    writeChainCredit(state, id, rec.composite);
    if (rec.composite < cfg.exitCredit) {
      startForcedExit(state, id, now, `credit ${rec.composite} fell below the exit threshold ${cfg.exitCredit}`);
    }
  } else {
    deleteCredit(state, id);
  }
  return rec;
}
