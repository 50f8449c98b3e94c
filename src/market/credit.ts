import { encode, decodeTrusted } from '../chain/codec.ts';
import { creditKey } from '../chain/state/keys.ts';
import { CREDIT_LEVELS, type CreditLevel, type MarketConfig } from './types.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { StateReader } from '../chain/state/stateReader.ts';

/**
 * Credit as the market sees it, until the credit rules (SPEC 5) land: the score is the
 * first field of the `c/<id>` record, the same record a miner's boost reads. The
 * registry writes `[INITIAL_CREDIT_SCORE]` when it approves an account and deletes the
 * record on exit, so only approved participants ever earn a mining boost.
 */

/** Score of a newly approved participant: the middle of the scale, level BB. */
export const INITIAL_CREDIT_SCORE = 500;

/** Lowest score of each level, AAA first (SPEC 5). */
export const LEVEL_FLOORS: readonly number[] = [900, 800, 700, 600, 500, 400, 0];

/** The credit score (0..1000) used for bonds and rankings; INITIAL_CREDIT_SCORE without a record. */
export function readCreditScore(state: StateReader, id: Uint8Array): number {
  const raw = state.get(creditKey(id));
  if (!raw) return INITIAL_CREDIT_SCORE;
  const rec = decodeTrusted(raw) as unknown[];
  const score = rec[0];
  return typeof score === 'number' && Number.isInteger(score) && score >= 0 && score <= 1000 ? score : INITIAL_CREDIT_SCORE;
}

/** Index of the level of a score: 0 = AAA … 6 = C. */
export function creditLevelIndex(score: number): number {
  const i = LEVEL_FLOORS.findIndex((floor) => score >= floor);
  return i < 0 ? LEVEL_FLOORS.length - 1 : i;
}

/** Name of the level of a score. */
export function creditLevel(score: number): CreditLevel {
  return CREDIT_LEVELS[creditLevelIndex(score)]!;
}

/** Bond an account of this score must hold: base × percent(level) / 100 (genesis table). */
export function requiredBond(cfg: MarketConfig, score: number): bigint {
  const pct = cfg.bondPercent[creditLevelIndex(score)] ?? 0;
  return (cfg.bondBase * BigInt(pct)) / 100n;
}

/** Writes the starting credit record of a newly approved account, unless one exists. */
export function writeInitialCredit(state: Overlay, id: Uint8Array): void {
  if (state.get(creditKey(id)) === undefined) state.set(creditKey(id), encode([INITIAL_CREDIT_SCORE]));
}

/** Deletes the credit record of an exiting account: it no longer earns a boost. */
export function deleteCredit(state: Overlay, id: Uint8Array): void {
  if (state.get(creditKey(id)) !== undefined) state.delete(creditKey(id));
}
