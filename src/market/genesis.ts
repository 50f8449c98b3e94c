import { addressFromBytes, addressToBytes } from '../chain/address.ts';
import { writeConfig, writeNetwork, writeReserve } from './records/config.ts';
import { mintIntoFtrPool } from './records/ledger.ts';
import { MAX_PRICE } from './checks.ts';
import { MAX_REGIONS, REGION_ID } from './ops/regulate.ts';
import { CREDIT_LEVELS, type MarketConfig, type Network, type Region, type Reserve } from './types.ts';
import { parseCreditGenesis, creditGenesisToJson } from './credit/genesis.ts';
import { writeCreditConfig, type CreditConfig } from './credit/config.ts';
import type { Overlay } from '../chain/state/overlay.ts';

/** The genesis file's optional `market` section, parsed (see docs/market.md). */
export interface MarketGenesis {
  readonly config: MarketConfig;
  readonly network: Network;
  readonly reserve: Reserve;
  /** µTES minted into the FTR pool at genesis. */
  readonly ftrPool: bigint;
  /** The credit rules' parameters (docs/credit.md); absent = CREDIT_DEFAULTS, with nothing written to the state. */
  readonly credit?: CreditConfig;
}

/** The market section of a genesis file is wrong; chain/genesis.ts reports it as a GenesisError. */
export class MarketGenesisError extends Error {
  readonly code = 'BAD_GENESIS';
  constructor(message: string) {
    super(message);
    this.name = 'MarketGenesisError';
  }
}

/** Defaults of the optional fields. */
export const MARKET_DEFAULTS = {
  bondBase: 100_000_000n, // 100 TES
  bondPercent: [100, 150, 200, 300, 400, 500, 600], // AAA 1x … C 6x
  gateClosureMs: 300_000,
  meterWindowMs: 900_000,
  maxPeriodsAhead: 96,
  ftrPremiumPercent: 10,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const fail = (m: string): never => {
  throw new MarketGenesisError(m);
};

function amount(v: unknown, where: string, max: bigint = MAX_PRICE): bigint {
  if (typeof v !== 'string' || !/^\d{1,19}$/.test(v) || BigInt(v) > max) fail(`${where} must be a decimal string from 0 to ${max}`);
  return BigInt(v as string);
}

function int(v: unknown, where: string, dflt: number, max = 2 ** 32 - 1): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) fail(`${where} must be an integer from 0 to ${max}`);
  return v as number;
}

function account(v: unknown, where: string): Uint8Array {
  try {
    return addressToBytes(v as string);
  } catch (err) {
    return fail(`${where}: ${(err as Error).message}`);
  }
}

function only(o: Obj, keys: readonly string[], where: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where}.${k} is not a known field (known: ${keys.join(', ')})`);
}

function parseRegions(v: unknown): Region[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_REGIONS) fail(`market.regions must be an array of 1 to ${MAX_REGIONS} { id, stamp, feeAccount }`);
  const seen = new Set<string>();
  return (v as unknown[]).map((r, i) => {
    const w = `market.regions[${i}]`;
    if (!isObj(r)) return fail(`${w} must be { id, stamp, feeAccount }`);
    only(r, ['id', 'stamp', 'feeAccount'], w);
    if (typeof r.id !== 'string' || !REGION_ID.test(r.id)) fail(`${w}.id must be a lowercase letter then up to 15 letters, digits or dashes`);
    if (seen.has(r.id as string)) fail(`${w}.id '${String(r.id)}' is listed twice`);
    seen.add(r.id as string);
    return { id: r.id as string, stamp: amount(r.stamp, `${w}.stamp`), feeAccount: account(r.feeAccount, `${w}.feeAccount`) };
  });
}

function parseLinks(v: unknown, regions: readonly Region[]): Array<[string, string]> {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return fail('market.links must be an array of [regionA, regionB] pairs');
  const ids = new Set(regions.map((r) => r.id));
  const seen = new Set<string>();
  return (v as unknown[]).map((l, i) => {
    if (!Array.isArray(l) || l.length !== 2 || typeof l[0] !== 'string' || typeof l[1] !== 'string') return fail(`market.links[${i}] must be [regionA, regionB]`);
    const [a, b] = l as [string, string];
    if (!ids.has(a) || !ids.has(b)) fail(`market.links[${i}] names a region not in market.regions`);
    if (a === b) fail(`market.links[${i}] links '${a}' to itself`);
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    if (seen.has(key)) fail(`market.links[${i}] is listed twice`);
    seen.add(key);
    return [a, b];
  });
}

function parseBond(v: unknown): { bondBase: bigint; bondPercent: number[] } {
  if (v === undefined) return { bondBase: MARKET_DEFAULTS.bondBase, bondPercent: [...MARKET_DEFAULTS.bondPercent] };
  if (!isObj(v)) return fail('market.bond must be { base, percent: { AAA, AA, A, BBB, BB, B, C } }');
  only(v, ['base', 'percent'], 'market.bond');
  const bondBase = v.base === undefined ? MARKET_DEFAULTS.bondBase : amount(v.base, 'market.bond.base', 1n << 62n);
  if (v.percent === undefined) return { bondBase, bondPercent: [...MARKET_DEFAULTS.bondPercent] };
  const pct = v.percent;
  if (!isObj(pct)) return fail('market.bond.percent must map every level AAA … C to a percent of the base');
  only(pct, CREDIT_LEVELS, 'market.bond.percent');
  const bondPercent = CREDIT_LEVELS.map((lvl) => {
    if (pct[lvl] === undefined) fail(`market.bond.percent.${lvl} is missing`);
    return int(pct[lvl], `market.bond.percent.${lvl}`, 0, 100_000);
  });
  return { bondBase, bondPercent };
}

/** Validates the genesis `market` section; throws MarketGenesisError naming the field. */
export function parseMarketGenesis(json: unknown): MarketGenesis {
  if (!isObj(json)) return fail('market must be an object');
  only(json, ['regions', 'links', 'reserve', 'bond', 'gateClosureMs', 'meterWindowMs', 'maxPeriodsAhead', 'ftr', 'credit'], 'market');
  const regions = parseRegions(json.regions);
  const links = parseLinks(json.links, regions);
  const res = json.reserve;
  if (!isObj(res)) return fail('market.reserve must be { address, downCost, upCost }');
  only(res, ['address', 'downCost', 'upCost'], 'market.reserve');
  const reserve: Reserve = { account: account(res.address, 'market.reserve.address'), downCost: amount(res.downCost, 'market.reserve.downCost'), upCost: amount(res.upCost, 'market.reserve.upCost') };
  const ftr = json.ftr === undefined ? {} : json.ftr;
  if (!isObj(ftr)) return fail('market.ftr must be { premiumPercent, pool }');
  only(ftr, ['premiumPercent', 'pool'], 'market.ftr');
  const config: MarketConfig = {
    ...parseBond(json.bond),
    gateClosureMs: int(json.gateClosureMs, 'market.gateClosureMs', MARKET_DEFAULTS.gateClosureMs, 2 ** 40),
    meterWindowMs: int(json.meterWindowMs, 'market.meterWindowMs', MARKET_DEFAULTS.meterWindowMs, 2 ** 40),
    maxPeriodsAhead: int(json.maxPeriodsAhead, 'market.maxPeriodsAhead', MARKET_DEFAULTS.maxPeriodsAhead, 1_000_000),
    ftrPremiumPercent: int(ftr.premiumPercent, 'market.ftr.premiumPercent', MARKET_DEFAULTS.ftrPremiumPercent, 10_000),
  };
  const ftrPool = ftr.pool === undefined ? 0n : amount(ftr.pool, 'market.ftr.pool', 1n << 62n);
  const out: MarketGenesis = { config, network: { regions, links }, reserve, ftrPool };
  return json.credit === undefined ? out : { ...out, credit: parseCreditGenesis(json.credit, fail) };
}

/** The JSON form of a market section, as written to genesis.json. */
export function marketGenesisToJson(m: MarketGenesis): Record<string, unknown> {
  const c = m.config;
  return {
    regions: m.network.regions.map((r) => ({ id: r.id, stamp: r.stamp.toString(), feeAccount: addressFromBytes(r.feeAccount) })),
    links: m.network.links.map(([a, b]) => [a, b]),
    reserve: { address: addressFromBytes(m.reserve.account), downCost: m.reserve.downCost.toString(), upCost: m.reserve.upCost.toString() },
    bond: { base: c.bondBase.toString(), percent: Object.fromEntries(CREDIT_LEVELS.map((lvl, i) => [lvl, c.bondPercent[i] ?? 0])) },
    gateClosureMs: c.gateClosureMs,
    meterWindowMs: c.meterWindowMs,
    maxPeriodsAhead: c.maxPeriodsAhead,
    ftr: { premiumPercent: c.ftrPremiumPercent, pool: m.ftrPool.toString() },
    ...(m.credit ? { credit: creditGenesisToJson(m.credit) } : {}),
  };
}

/** Writes the market section into the genesis state; returns the µTES it minted (the FTR pool). */
export function writeMarketGenesis(state: Overlay, m: MarketGenesis): bigint {
  writeConfig(state, m.config);
  writeNetwork(state, m.network);
  writeReserve(state, m.reserve);
  // Only a stated credit section is written: an older genesis keeps its state root.
  if (m.credit) writeCreditConfig(state, m.credit);
  if (m.ftrPool > 0n) mintIntoFtrPool(state, m.ftrPool);
  return m.ftrPool;
}
