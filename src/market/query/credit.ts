import { addressFromBytes } from '../../chain/address.ts';
import { getCreditScore } from '../../chain/state/accounts.ts';
import { readParticipant } from '../records/participant.ts';
import { readBond, readPenalties } from '../records/ledger.ts';
import { readRatings } from '../records/readings.ts';
import { readConfig } from '../records/config.ts';
import { readCreditConfig } from '../credit/config.ts';
import { readCreditHistory, type CreditCause } from '../credit/record.ts';
import { creditRecordOrFresh } from '../credit/fresh.ts';
import { levelOf } from '../credit/score.ts';
import { idiv } from '../credit/int.ts';
import { requiredBond } from '../credit.ts';
import { accountId, type AccountRef } from './views.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { CreditLevel, ParticipantStatus } from '../types.ts';

/** An account's credit as `credit_get` and `tesnode credit show` present it. */
export interface CreditView {
  readonly address: string;
  /** Participant status, or null for an account that never registered. */
  readonly status: ParticipantStatus | null;
  readonly score: number;
  readonly level: CreditLevel;
  readonly internal: number;
  /** The parts of the internal score: rating (0..1000), activity bonus, penalty (subtracted). */
  readonly parts: { readonly rating: number; readonly activity: number; readonly penalty: number };
  /** The agency's score and the cycle it was posted in (null / −1 before its first), and the weights of the mix. */
  readonly external: number | null;
  readonly externalCycle: number;
  readonly weights: { readonly internal: number; readonly external: number };
  /** Ratings received: count, sum, plain average and Bayesian average, both in thousandths of a star. */
  readonly ratings: { readonly count: number; readonly sum: number; readonly averageMilli: number; readonly bayesianMilli: number };
  /** Decayed traded periods and penalty points (thousandths) as of `asOfPeriod`. */
  readonly activityMilli: bigint;
  readonly penaltyMilli: bigint;
  readonly asOfPeriod: number;
  readonly updatedHeight: number;
  readonly shortfalls: number;
  readonly violations: number;
  /** Settlement penalties: µTES taken from the bond and left unpaid, all time. */
  readonly bondTaken: bigint;
  readonly unpaid: bigint;
  readonly bond: bigint;
  readonly requiredBond: bigint;
  /** What must be deposited before the next listing or pick (0 when the bond covers the level). */
  readonly bondTopUp: bigint;
  /** Mining boost in thousandths (1000 = none): only approved participants have one. */
  readonly miningBoostPermille: number;
  readonly exitCredit: number;
  readonly rewarded: bigint;
  readonly approvedPeriod: number;
  readonly exitPeriod: number;
  readonly history: ReadonlyArray<{ readonly height: number; readonly period: number; readonly cause: CreditCause; readonly score: number; readonly level: CreditLevel; readonly internal: number; readonly external: number | null }>;
}

/**
 * The credit of any account: its record as last computed (or, for one that has none, what
 * the formula gives a newcomer), its level, bond position, mining boost and history.
 * `maxBoost` is the chain parameter.
 */
export function getCredit(state: StateReader, account: AccountRef, maxBoost: number): CreditView {
  const id = accountId(account);
  const cfg = readCreditConfig(state);
  const p = readParticipant(state, id);
  const ratings = readRatings(state, id);
  const rec = creditRecordOrFresh(state, id, 0);
  const mcfg = readConfig(state);
  const need = mcfg ? requiredBond(mcfg, rec.composite, cfg.levelFloors) : 0n;
  const bond = readBond(state, id);
  const pen = readPenalties(state, id);
  const weight = cfg.priorCount + ratings.count;
  return {
    address: addressFromBytes(id),
    status: p?.status ?? null,
    score: rec.composite,
    level: levelOf(rec.composite, cfg.levelFloors),
    internal: rec.internal,
    parts: { rating: rec.ratingPart, activity: rec.activityPart, penalty: rec.penaltyPart },
    external: rec.external,
    externalCycle: rec.externalCycle,
    weights: { internal: cfg.internalWeight, external: cfg.externalWeight },
    ratings: {
      count: ratings.count,
      sum: ratings.sum,
      averageMilli: ratings.count === 0 ? 0 : idiv(ratings.sum * 1000, ratings.count),
      bayesianMilli: idiv((cfg.priorCount * cfg.priorMean + ratings.sum) * 1000, weight),
    },
    activityMilli: rec.activity,
    penaltyMilli: rec.penalty,
    asOfPeriod: rec.asOfPeriod,
    updatedHeight: rec.updatedHeight,
    shortfalls: rec.shortfalls,
    violations: rec.violations,
    bondTaken: pen.fromBond,
    unpaid: pen.unpaid,
    bond,
    requiredBond: need,
    bondTopUp: p?.status === 'approved' && bond < need ? need - bond : 0n,
    miningBoostPermille: 1000 + (maxBoost - 1) * getCreditScore(state, id),
    exitCredit: cfg.exitCredit,
    rewarded: rec.rewarded,
    approvedPeriod: rec.approvedPeriod,
    exitPeriod: rec.exitPeriod,
    history: readCreditHistory(state, id).map((e) => ({ height: e.height, period: e.period, cause: e.cause, score: e.composite, level: levelOf(e.composite, cfg.levelFloors), internal: e.internal, external: e.external })),
  };
}
