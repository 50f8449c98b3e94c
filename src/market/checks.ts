import { getRoles } from '../chain/state/accounts.ts';
import { addressFromBytes } from '../chain/address.ts';
import { MarketError } from './marketError.ts';
import { readParticipant } from './records/participant.ts';
import { readBond } from './records/ledger.ts';
import { readCreditLevel, requiredBondOf } from './credit.ts';
import { findRegion } from './records/config.ts';
import { gateClosure, periodAt } from './time.ts';
import { describeDuration, describeNextOpen } from './timeText.ts';
import { readSettleCursor } from './records/counters.ts';
import type { StateReader } from '../chain/state/stateReader.ts';
import type { OpContext } from '../chain/module/context.ts';
import type { ListingSide, MarketConfig, Network, Participant, Region } from './types.ts';

/**
 * Preconditions shared by the market operations. Each throws a MarketError whose
 * message says what is wrong and what to do, and changes nothing.
 */

/** The ranges of quantities and prices (limits.ts, shared with the command line). */
export { MAX_WH, MAX_PRICE } from './limits.ts';

/** The sender must hold an authority role from the genesis. */
export function requireAuthority(state: StateReader, id: Uint8Array, role: string): void {
  if (!getRoles(state, id).includes(role)) {
    throw new MarketError('NOT_AUTHORIZED', `${addressFromBytes(id)} does not hold the '${role}' role; only a genesis ${role} may send this`);
  }
}

/** The account must be an approved participant. */
export function requireApproved(state: StateReader, id: Uint8Array): Participant {
  const p = readParticipant(state, id);
  if (!p || p.status !== 'approved') {
    const why = !p ? 'has not registered' : p.status === 'pending' ? 'awaits a validator\'s review' : p.status === 'exiting' ? `is being forced out (${p.reason})` : `is ${p.status}`;
    throw new MarketError('NOT_APPROVED', `${addressFromBytes(id)} ${why}; only approved participants trade: register and wait for approval`);
  }
  return p;
}

/** Sell-side operations need a seller, buy-side ones a buyer. */
export function requireSide(id: Uint8Array, p: Participant, side: ListingSide, what: string): void {
  const need = side === 'sell' ? 'seller' : 'buyer';
  if (p.role !== need) {
    throw new MarketError('WRONG_ROLE', `${what} needs the '${need}' role; ${addressFromBytes(id)} is registered as '${p.role}'`);
  }
}

/**
 * The account's bond must cover what its credit level requires now: a score that drops a
 * level asks for a top-up before the next listing or pick.
 */
export function requireBond(state: StateReader, cfg: MarketConfig, id: Uint8Array): void {
  const need = requiredBondOf(state, cfg, id);
  const have = readBond(state, id);
  if (have < need) {
    throw new MarketError('BOND_REQUIRED', `a performance bond of ${need} µTES is required at credit level ${readCreditLevel(state, id)}; ${addressFromBytes(id)} holds ${have} µTES: deposit ${need - have} µTES more with market bond`);
  }
}

/** An approved participant of the given side with its bond in place. */
export function requireTrader(state: StateReader, cfg: MarketConfig, id: Uint8Array, side: ListingSide, what: string): Participant {
  const p = requireApproved(state, id);
  requireSide(id, p, side, what);
  requireBond(state, cfg, id);
  return p;
}

/** Listing, picking and cancelling for period k stop at its gate closure. */
export function requireBeforeGate(state: StateReader, ctx: OpContext, cfg: MarketConfig, k: number, what: string): void {
  const gate = gateClosure(ctx, cfg, k);
  const t = BigInt(ctx.header.timestamp);
  const cursor = readSettleCursor(state);
  // The cursor check matters only if block times step back across a settlement.
  if (t >= gate || k < cursor) {
    const when = t >= gate ? `closed ${describeDuration(t - gate)} before this block` : 'is closed: the period is already settled';
    throw new MarketError(
      'GATE_CLOSED',
      `${what} for period ${k} ${when} (the gate closes ${describeDuration(cfg.gateClosureMs)} before a period starts); ${describeNextOpen(ctx, cfg, t, cursor)}: use that period or a later one`,
    );
  }
}

/** A period that can still be traded and is not too far ahead. */
export function requireTradablePeriod(state: StateReader, ctx: OpContext, cfg: MarketConfig, k: number, what: string): void {
  const now = periodAt(ctx, ctx.header.timestamp);
  if (k > now + cfg.maxPeriodsAhead) {
    throw new MarketError('BAD_PERIOD', `period ${k} is more than ${cfg.maxPeriodsAhead} periods ahead of the current period ${now}; list at most ${now + cfg.maxPeriodsAhead}`);
  }
  requireBeforeGate(state, ctx, cfg, k, what);
}

/** A known region. */
export function requireRegion(net: Network, id: string): Region {
  const r = findRegion(net, id);
  if (!r) throw new MarketError('UNKNOWN_REGION', `unknown region '${id}'; the regions are ${net.regions.map((x) => x.id).join(', ') || '(none)'}`);
  return r;
}

/** A quantity or amount in 1..max (`what` names it with its unit, e.g. 'the price (µTES/kWh)'). */
export function requireAmount(v: bigint, max: bigint, what: string): void {
  if (v < 1n || v > max) throw new MarketError('BAD_AMOUNT', `${what} must be from 1 to ${max}, got ${v}`);
}
