import { encode, decodeTrusted } from '../../chain/codec.ts';
import { MarketKey } from '../keys.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';

/**
 * The credit rules' parameters (docs/credit.md), from the genesis `market.credit`
 * section. Every number is an integer: scores are 0..1000, weights percent, retentions
 * per mille per period, points whole score points.
 */
export interface CreditConfig {
  /** Lowest score of AAA, AA, A, BBB, BB and B (descending); C is everything below the last. */
  readonly levelFloors: readonly number[];
  /** Composite = (internal × internalWeight + external × externalWeight) / 100 once the agency has scored an account. */
  readonly internalWeight: number;
  readonly externalWeight: number;
  /** Bayesian prior of the rating average: `priorCount` imaginary ratings of `priorMean` stars (1..5). */
  readonly priorCount: number;
  readonly priorMean: number;
  /** Activity adds up to `activityMax` points, reached at `activityTarget` decayed traded periods. */
  readonly activityMax: number;
  readonly activityTarget: number;
  /** Per-period retention of the activity count, per mille (950: 5 % fades each period). */
  readonly activityRetention: number;
  /** Points taken for each settlement shortfall covered from the bond (or left unpaid). */
  readonly shortfallPoints: number;
  /** Points taken for each violation the regulator confirms. */
  readonly violationPoints: number;
  /** Per-period retention of penalty points, per mille (1000: they never fade). */
  readonly penaltyRetention: number;
  /** A confirmed violation takes this percent of the bond base from the bond, into the community pool. */
  readonly violationBondPercent: number;
  /** An approved participant whose composite falls below this is forced out once its open positions settle. */
  readonly exitCredit: number;
  /** An expelled account may apply again after this many periods. */
  readonly readmitPeriods: number;
  /** Length of the agency cycle in periods: one external score per account per cycle; rewards and the inactivity sweep run at each cycle's end. */
  readonly agencyPeriods: number;
  /** An approved account without a listing or trade for this many periods is reclaimed (exits, bond back). */
  readonly inactivePeriods: number;
  /** Reward from the community pool each cycle to every approved account scoring at least `rewardMinScore`. */
  readonly rewardMinScore: number;
  /** Reward per account per cycle (µTES), at most `rewardPoolPercent` % of the pool shared among those eligible. */
  readonly rewardAmount: bigint;
  readonly rewardPoolPercent: number;
}

/** Defaults of every credit parameter (docs/credit.md). A market genesis without `credit` uses these. */
export const CREDIT_DEFAULTS: CreditConfig = {
  levelFloors: [900, 800, 700, 600, 500, 400],
  internalWeight: 70,
  externalWeight: 30,
  priorCount: 5,
  priorMean: 3,
  activityMax: 100,
  activityTarget: 8,
  activityRetention: 950,
  shortfallPoints: 50,
  violationPoints: 200,
  penaltyRetention: 995,
  violationBondPercent: 50,
  exitCredit: 300,
  readmitPeriods: 96,
  agencyPeriods: 96,
  inactivePeriods: 2880,
  rewardMinScore: 800,
  rewardAmount: 1_000_000n,
  rewardPoolPercent: 10,
};

/** Canonical encoding of the credit parameters. */
export function encodeCreditConfig(c: CreditConfig): Uint8Array {
  return encode([
    [...c.levelFloors], c.internalWeight, c.externalWeight, c.priorCount, c.priorMean, c.activityMax, c.activityTarget,
    c.activityRetention, c.shortfallPoints, c.violationPoints, c.penaltyRetention, c.violationBondPercent, c.exitCredit,
    c.readmitPeriods, c.agencyPeriods, c.inactivePeriods, c.rewardMinScore, c.rewardAmount, c.rewardPoolPercent,
  ]);
}

/**
 * The credit parameters. A chain whose genesis has a market but no `credit` section keeps
 * no record of them (its genesis state, and so its hash, are unchanged) and uses
 * CREDIT_DEFAULTS.
 */
export function readCreditConfig(state: StateReader): CreditConfig {
  const raw = state.get(MarketKey.creditConfig);
  if (!raw) return CREDIT_DEFAULTS;
  const a = decodeTrusted(raw) as unknown[];
  const n = (i: number) => a[i] as number;
  return {
    levelFloors: a[0] as number[], internalWeight: n(1), externalWeight: n(2), priorCount: n(3), priorMean: n(4), activityMax: n(5),
    activityTarget: n(6), activityRetention: n(7), shortfallPoints: n(8), violationPoints: n(9), penaltyRetention: n(10),
    violationBondPercent: n(11), exitCredit: n(12), readmitPeriods: n(13), agencyPeriods: n(14), inactivePeriods: n(15),
    rewardMinScore: n(16), rewardAmount: a[17] as bigint, rewardPoolPercent: n(18),
  };
}

/** Writes the credit parameters (genesis only, and only when the genesis states them). */
export function writeCreditConfig(state: Overlay, c: CreditConfig): void {
  state.set(MarketKey.creditConfig, encodeCreditConfig(c));
}
