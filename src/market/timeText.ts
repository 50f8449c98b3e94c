import { floorDiv, gateClosure, type PeriodClock } from './time.ts';
import type { MarketConfig } from './types.ts';

/**
 * Times as people read them, for the market's messages: durations in seconds and
 * minutes, periods by number, always relative to a reference time (a block's time in
 * consensus messages, the node's clock in the command line), never raw epoch
 * milliseconds. Integer arithmetic only: refusals are produced inside the state
 * transition, and their messages are part of each receipt, so every node must write the
 * same words.
 */

/**
 * A duration: "less than 1 s", "12 s", "2 min 5 s", "3 h 4 min" (rounded down to the
 * unit shown). Negative durations are described by their size.
 */
export function describeDuration(ms: bigint | number): string {
  let t = BigInt(ms);
  if (t < 0n) t = -t;
  if (t < 1000n) return 'less than 1 s';
  const s = t / 1000n;
  if (s < 60n) return `${s} s`;
  const m = s / 60n;
  if (m < 60n) return s % 60n === 0n ? `${m} min` : `${m} min ${s % 60n} s`;
  const h = m / 60n;
  return m % 60n === 0n ? `${h} h` : `${h} h ${m % 60n} min`;
}

/** "in 41 s" for a future time, "12 s ago" for a past one, relative to `now`. */
export function describeFromNow(t: bigint | number, now: bigint | number): string {
  const d = BigInt(t) - BigInt(now);
  return d >= 0n ? `in ${describeDuration(d)}` : `${describeDuration(d)} ago`;
}

/** The first period whose gate is still open at time `t`: the first k with gate(k) > t. */
export function firstOpenPeriod(c: PeriodClock, cfg: MarketConfig, t: bigint | number): number {
  return Number(floorDiv(BigInt(t) + BigInt(cfg.gateClosureMs) - BigInt(c.genesisTime), BigInt(c.params.periodMs))) + 1;
}

/**
 * "the next open period is 6, its gate closes 41 s after this block": where to trade
 * instead, relative to a block's time `t` (`cursor`: the first unsettled period).
 */
export function describeNextOpen(c: PeriodClock, cfg: MarketConfig, t: bigint | number, cursor: number): string {
  const next = Math.max(firstOpenPeriod(c, cfg, t), cursor, 0);
  return `the next open period is ${next}, its gate closes ${describeDuration(gateClosure(c, cfg, next) - BigInt(t))} after this block`;
}
