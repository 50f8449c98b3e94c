import { CREDIT_LEVELS } from '../types.ts';
import { CREDIT_DEFAULTS, type CreditConfig } from './config.ts';

/**
 * The genesis `market.credit` section (docs/credit.md): every field optional, defaults
 * from CREDIT_DEFAULTS. Parse errors are thrown through `fail`, which the market section's
 * parser turns into a MarketGenesisError naming the field.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses `market.credit`; `fail` throws the caller's error. */
export function parseCreditGenesis(json: unknown, fail: (m: string) => never): CreditConfig {
  const d = CREDIT_DEFAULTS;
  if (!isObj(json)) return fail('market.credit must be an object (see docs/credit.md)');
  const only = (o: Obj, keys: readonly string[], where: string): void => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where}.${k} is not a known field (known: ${keys.join(', ')})`);
  };
  const sub = (key: string, keys: readonly string[]): Obj => {
    const v = json[key];
    if (v === undefined) return {};
    if (!isObj(v)) return fail(`market.credit.${key} must be an object with ${keys.join(', ')}`);
    only(v, keys, `market.credit.${key}`);
    return v;
  };
  const int = (v: unknown, where: string, dflt: number, min: number, max: number): number => {
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(`market.credit.${where} must be an integer from ${min} to ${max}`);
    return v as number;
  };
  only(json, ['levels', 'weights', 'prior', 'activity', 'penalties', 'exitCredit', 'readmitPeriods', 'agencyPeriods', 'inactivePeriods', 'reward'], 'market.credit');

  const lv = sub('levels', CREDIT_LEVELS.slice(0, 6));
  const levelFloors = CREDIT_LEVELS.slice(0, 6).map((name, i) => int(lv[name], `levels.${name}`, d.levelFloors[i]!, 1, 1000));
  for (let i = 1; i < levelFloors.length; i++) {
    if (levelFloors[i]! >= levelFloors[i - 1]!) fail(`market.credit.levels must fall strictly from AAA to B; ${CREDIT_LEVELS[i]} ${levelFloors[i]} is not below ${CREDIT_LEVELS[i - 1]} ${levelFloors[i - 1]}`);
  }
  const w = sub('weights', ['internal', 'external']);
  // One weight given: the other is the rest of 100.
  const givenInternal = int(w.internal, 'weights.internal', -1, 0, 100);
  const givenExternal = int(w.external, 'weights.external', -1, 0, 100);
  const internalWeight = givenInternal >= 0 ? givenInternal : givenExternal >= 0 ? 100 - givenExternal : d.internalWeight;
  const externalWeight = givenExternal >= 0 ? givenExternal : 100 - internalWeight;
  if (internalWeight + externalWeight !== 100) fail(`market.credit.weights must add up to 100, got ${internalWeight} + ${externalWeight}`);
  const pr = sub('prior', ['count', 'mean']);
  const a = sub('activity', ['max', 'target', 'retentionPermille']);
  const pe = sub('penalties', ['shortfallPoints', 'violationPoints', 'retentionPermille', 'violationBondPercent']);
  const r = sub('reward', ['minScore', 'amount', 'poolPercent']);
  let rewardAmount = d.rewardAmount;
  if (r.amount !== undefined) {
    if (typeof r.amount !== 'string' || !/^\d{1,19}$/.test(r.amount) || BigInt(r.amount) > 1n << 62n) fail('market.credit.reward.amount must be a decimal string of µTES');
    rewardAmount = BigInt(r.amount as string);
  }
  return {
    levelFloors,
    internalWeight,
    externalWeight,
    priorCount: int(pr.count, 'prior.count', d.priorCount, 1, 1_000_000),
    priorMean: int(pr.mean, 'prior.mean', d.priorMean, 1, 5),
    activityMax: int(a.max, 'activity.max', d.activityMax, 0, 1000),
    activityTarget: int(a.target, 'activity.target', d.activityTarget, 1, 1_000_000),
    activityRetention: int(a.retentionPermille, 'activity.retentionPermille', d.activityRetention, 0, 1000),
    shortfallPoints: int(pe.shortfallPoints, 'penalties.shortfallPoints', d.shortfallPoints, 0, 1000),
    violationPoints: int(pe.violationPoints, 'penalties.violationPoints', d.violationPoints, 0, 1000),
    penaltyRetention: int(pe.retentionPermille, 'penalties.retentionPermille', d.penaltyRetention, 0, 1000),
    violationBondPercent: int(pe.violationBondPercent, 'penalties.violationBondPercent', d.violationBondPercent, 0, 100_000),
    exitCredit: int(json.exitCredit, 'exitCredit', d.exitCredit, 0, 1000),
    readmitPeriods: int(json.readmitPeriods, 'readmitPeriods', d.readmitPeriods, 0, 1_000_000_000),
    agencyPeriods: int(json.agencyPeriods, 'agencyPeriods', d.agencyPeriods, 1, 1_000_000_000),
    inactivePeriods: int(json.inactivePeriods, 'inactivePeriods', d.inactivePeriods, 1, 1_000_000_000),
    rewardMinScore: int(r.minScore, 'reward.minScore', d.rewardMinScore, 0, 1001),
    rewardAmount,
    rewardPoolPercent: int(r.poolPercent, 'reward.poolPercent', d.rewardPoolPercent, 0, 100),
  };
}

/** The JSON form of the credit parameters, as written to genesis.json. */
export function creditGenesisToJson(c: CreditConfig): Record<string, unknown> {
  return {
    levels: Object.fromEntries(CREDIT_LEVELS.slice(0, 6).map((name, i) => [name, c.levelFloors[i]])),
    weights: { internal: c.internalWeight, external: c.externalWeight },
    prior: { count: c.priorCount, mean: c.priorMean },
    activity: { max: c.activityMax, target: c.activityTarget, retentionPermille: c.activityRetention },
    penalties: { shortfallPoints: c.shortfallPoints, violationPoints: c.violationPoints, retentionPermille: c.penaltyRetention, violationBondPercent: c.violationBondPercent },
    exitCredit: c.exitCredit,
    readmitPeriods: c.readmitPeriods,
    agencyPeriods: c.agencyPeriods,
    inactivePeriods: c.inactivePeriods,
    reward: { minScore: c.rewardMinScore, amount: c.rewardAmount.toString(), poolPercent: c.rewardPoolPercent },
  };
}
