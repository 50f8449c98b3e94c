import { addressFromBytes } from '../../chain/address.ts';
import { readConfig, readNetwork, readReserve } from '../records/config.ts';
import { readPendingPeriods, readSettleCursor } from '../records/counters.ts';
import { readTotals } from '../records/ledger.ts';
import { floorDiv, gateClosure, periodAt, periodStart, settlementDue, type PeriodClock } from '../time.ts';
import { CREDIT_LEVELS } from '../types.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { MarketTotals } from '../types.ts';

/** What `market status` shows. Times are ms since the epoch (bigint). */
export interface MarketStatus {
  readonly enabled: boolean;
  readonly now: number;
  readonly periodMs: number;
  readonly currentPeriod: number;
  readonly currentPeriodStart: bigint;
  /** The first period still open for listing and picking, its start and gate closure. */
  readonly nextOpenPeriod: number;
  readonly nextOpenPeriodStart: bigint;
  readonly nextGateClosure: bigint;
  readonly gateClosureMs: number;
  readonly meterWindowMs: number;
  readonly maxPeriodsAhead: number;
  /** Every period below this is settled; the pending ones await their settlement time. */
  readonly settledBelow: number;
  readonly pendingPeriods: ReadonlyArray<{ readonly period: number; readonly settlesAt: bigint }>;
  readonly regions: ReadonlyArray<{ readonly id: string; readonly stamp: bigint; readonly feeAccount: string }>;
  readonly links: ReadonlyArray<readonly [string, string]>;
  readonly reserve: { readonly address: string; readonly downCost: bigint; readonly upCost: bigint } | null;
  readonly bondBase: bigint;
  readonly bondPercent: Readonly<Record<string, number>>;
  readonly totals: MarketTotals;
}

/**
 * The market's state at time `now` (the head's time or the wall clock): current period,
 * the next period open for trading with its gate closure, settlement progress, regions,
 * reserve, bond table and the value held in escrow, bonds and the FTR pool.
 */
export function getMarketStatus(state: StateReader, chain: PeriodClock, now: number): MarketStatus {
  const cfg = readConfig(state);
  const gc = cfg?.gateClosureMs ?? 0;
  const cursor = readSettleCursor(state);
  // The first k with gate(k) > now: start(k) > now + gateClosureMs.
  const firstOpen = Number(floorDiv(BigInt(now) + BigInt(gc) - BigInt(chain.genesisTime), BigInt(chain.params.periodMs))) + 1;
  const nextOpenPeriod = Math.max(firstOpen, cursor, 0);
  const reserve = readReserve(state);
  const net = readNetwork(state);
  const currentPeriod = periodAt(chain, now);
  return {
    enabled: cfg !== undefined,
    now,
    periodMs: chain.params.periodMs,
    currentPeriod,
    currentPeriodStart: periodStart(chain, currentPeriod),
    nextOpenPeriod,
    nextOpenPeriodStart: periodStart(chain, nextOpenPeriod),
    nextGateClosure: cfg ? gateClosure(chain, cfg, nextOpenPeriod) : periodStart(chain, nextOpenPeriod),
    gateClosureMs: gc,
    meterWindowMs: cfg?.meterWindowMs ?? 0,
    maxPeriodsAhead: cfg?.maxPeriodsAhead ?? 0,
    settledBelow: cursor,
    pendingPeriods: cfg ? readPendingPeriods(state).map((k) => ({ period: k, settlesAt: settlementDue(chain, cfg, k) })) : [],
    regions: net.regions.map((r) => ({ id: r.id, stamp: r.stamp, feeAccount: addressFromBytes(r.feeAccount) })),
    links: net.links,
    reserve: reserve ? { address: addressFromBytes(reserve.account), downCost: reserve.downCost, upCost: reserve.upCost } : null,
    bondBase: cfg?.bondBase ?? 0n,
    bondPercent: Object.fromEntries(CREDIT_LEVELS.map((lvl, i) => [lvl, cfg?.bondPercent[i] ?? 0])),
    totals: readTotals(state),
  };
}
