import { creditKey } from '../chain/state/keys.ts';
import { encode } from '../chain/codec.ts';
import { readCreditConfig, CREDIT_DEFAULTS } from './credit/config.ts';
import { readCreditRecord } from './credit/record.ts';
import { levelIndexOf, levelOf, ratingPart } from './credit/score.ts';
import type { CreditLevel, MarketConfig } from './types.ts';
import type { Overlay } from '../chain/state/overlay.ts';
import type { StateReader } from '../chain/state/stateReader.ts';

/**
 * Credit as the rest of the market sees it (docs/credit.md; the rules are in credit/ and
 * docs/credit.md): the composite score of an account's credit record, its level, and the
 * bond that level requires. The chain-level record `c/<id>` = [composite] exists only
 * while an account is an approved participant, so only approved participants earn a
 * mining boost (docs/protocol/consensus.md).
 */

/** Score of a newcomer with the default prior (3 stars): the middle of the scale, level BB. */
export const INITIAL_CREDIT_SCORE = 500;

/** Lowest score of each level AAA … B by default (docs/credit.md); C is below the last. */
export const LEVEL_FLOORS: readonly number[] = CREDIT_DEFAULTS.levelFloors;

/** The score of an account with no history under the chain's prior. */
export function newcomerScore(state: StateReader): number {
  return ratingPart(readCreditConfig(state), 0, 0);
}

/** The composite score (0..1000) used for bonds and rankings; a newcomer's score without a record. */
export function readCreditScore(state: StateReader, id: Uint8Array): number {
  const rec = readCreditRecord(state, id);
  return rec ? rec.composite : newcomerScore(state);
}

/** Index of the level of a score: 0 = AAA … 6 = C (default floors unless given). */
export function creditLevelIndex(score: number, floors: readonly number[] = LEVEL_FLOORS): number {
  return levelIndexOf(score, floors);
}

/** Name of the level of a score (default floors unless given). */
export function creditLevel(score: number, floors: readonly number[] = LEVEL_FLOORS): CreditLevel {
  return levelOf(score, floors);
}

/** The level of an account's score by the chain's floors. */
export function readCreditLevel(state: StateReader, id: Uint8Array): CreditLevel {
  return levelOf(readCreditScore(state, id), readCreditConfig(state).levelFloors);
}

/** Bond an account of this score must hold: base × percent(level) / 100 (genesis table). */
export function requiredBond(cfg: MarketConfig, score: number, floors: readonly number[] = LEVEL_FLOORS): bigint {
  const pct = cfg.bondPercent[levelIndexOf(score, floors)] ?? 0;
  return (cfg.bondBase * BigInt(pct)) / 100n;
}

/** The bond an account must hold now, by its score and the chain's level floors. */
export function requiredBondOf(state: StateReader, cfg: MarketConfig, id: Uint8Array): bigint {
  return requiredBond(cfg, readCreditScore(state, id), readCreditConfig(state).levelFloors);
}

/** Writes or refreshes `c/<id>` = [score]: the account is an approved participant. */
export function writeChainCredit(state: Overlay, id: Uint8Array, score: number): void {
  state.set(creditKey(id), encode([score]));
}

/** Deletes `c/<id>`: the account no longer earns a mining boost. */
export function deleteCredit(state: Overlay, id: Uint8Array): void {
  if (state.get(creditKey(id)) !== undefined) state.delete(creditKey(id));
}
