import { CREDIT_LEVELS, type CreditLevel } from '../types.ts';
import { idiv } from './int.ts';
import type { CreditConfig } from './config.ts';

/**
 * The credit score formula (docs/credit.md), pure and in integers:
 *
 *   rating    = floor(250 × (C·m + S − (C + n)) / (C + n))      0..1000: 250 × (Bayesian average − 1)
 *   activity  = floor(activityMax × min(A, 1000·T) / (1000·T))  0..activityMax
 *   penalty   = floor(P / 1000)
 *   internal  = clamp(rating + activity − penalty, 0, 1000)
 *   composite = internal, or floor((wI × internal + wE × external) / 100) once the agency has scored
 *
 * with n ratings summing to S stars, the prior of C ratings of m stars, A the decayed
 * count of traded periods and P the decayed penalty points (both in thousandths), T the
 * activity target. A newcomer (no ratings, no activity) scores 250 × (m − 1): 500 with the
 * default prior of 3 stars, level BB.
 */

/** What the score is computed from. */
export interface ScoreInputs {
  readonly ratingsCount: number;
  readonly ratingsSum: number;
  /** Decayed traded periods, thousandths. */
  readonly activity: bigint;
  /** Decayed penalty points, thousandths. */
  readonly penalty: bigint;
  readonly external: number | null;
}

/** The score and its parts. */
export interface ScoreParts {
  readonly ratingPart: number;
  readonly activityPart: number;
  readonly penaltyPart: number;
  readonly internal: number;
  readonly composite: number;
}

const clamp = (v: number): number => (v < 0 ? 0 : v > 1000 ? 1000 : v);

/** The rating part: 250 × (Bayesian average − 1), floored, 0..1000. */
export function ratingPart(cfg: CreditConfig, count: number, sum: number): number {
  const weight = BigInt(cfg.priorCount + count);
  const stars = BigInt(cfg.priorCount * cfg.priorMean + sum);
  return clamp(Number((250n * (stars - weight)) / weight));
}

/** The activity part: up to activityMax points, in proportion to the decayed traded periods up to the target. */
export function activityPart(cfg: CreditConfig, activity: bigint): number {
  const full = BigInt(cfg.activityTarget) * 1000n;
  const a = activity < full ? activity : full;
  return Number((BigInt(cfg.activityMax) * a) / full);
}

/** The score of the given inputs. */
export function computeScore(cfg: CreditConfig, inp: ScoreInputs): ScoreParts {
  const r = ratingPart(cfg, inp.ratingsCount, inp.ratingsSum);
  const a = activityPart(cfg, inp.activity);
  const big = inp.penalty / 1000n;
  const p = big > 1_000_000n ? 1_000_000 : Number(big);
  const internal = clamp(r + a - p);
  const composite = inp.external === null ? internal : idiv(cfg.internalWeight * internal + cfg.externalWeight * inp.external, 100);
  return { ratingPart: r, activityPart: a, penaltyPart: p, internal, composite };
}

/** Index of a score's level: 0 = AAA … 6 = C, by the genesis floors. */
export function levelIndexOf(score: number, floors: readonly number[]): number {
  const i = floors.findIndex((f) => score >= f);
  return i < 0 ? CREDIT_LEVELS.length - 1 : i;
}

/** Name of a score's level by the genesis floors. */
export function levelOf(score: number, floors: readonly number[]): CreditLevel {
  return CREDIT_LEVELS[levelIndexOf(score, floors)]!;
}
