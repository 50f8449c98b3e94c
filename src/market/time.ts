import type { ChainContext } from '../chain/module/context.ts';
import type { MarketConfig } from './types.ts';

/**
 * Delivery-period arithmetic (docs/protocol/market.md): period k covers
 * [genesisTime + k·periodMs, genesisTime + (k+1)·periodMs). All in bigint milliseconds,
 * so no product of a large period number and a long period can lose precision.
 */

/** The chain facts periods are computed from. */
export type PeriodClock = Pick<ChainContext, 'genesisTime' | 'params'>;

/** Start of period k (ms). */
export function periodStart(c: PeriodClock, k: number): bigint {
  return BigInt(c.genesisTime) + BigInt(k) * BigInt(c.params.periodMs);
}

/** End of period k (ms, exclusive): the start of k+1. */
export function periodEnd(c: PeriodClock, k: number): bigint {
  return periodStart(c, k + 1);
}

/** Gate closure of period k: listing, picking and cancelling stop at start(k) − gateClosureMs. */
export function gateClosure(c: PeriodClock, cfg: MarketConfig, k: number): bigint {
  return periodStart(c, k) - BigInt(cfg.gateClosureMs);
}

/** When period k's metering window closes and its settlement is due: end(k) + meterWindowMs. */
export function settlementDue(c: PeriodClock, cfg: MarketConfig, k: number): bigint {
  return periodEnd(c, k) + BigInt(cfg.meterWindowMs);
}

/** Floor division of bigints (toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** The period containing time `t` (negative before the genesis). */
export function periodAt(c: PeriodClock, t: number | bigint): number {
  return Number(floorDiv(BigInt(t) - BigInt(c.genesisTime), BigInt(c.params.periodMs)));
}

/** The last period whose settlement is due at time `t` (−1 or less when none is). */
export function lastDuePeriod(c: PeriodClock, cfg: MarketConfig, t: number | bigint): number {
  // due(k) = start(k+1) + window <= t  <=>  k + 1 <= floor((t - window - genesis) / periodMs)
  return periodAt(c, BigInt(t) - BigInt(cfg.meterWindowMs)) - 1;
}
