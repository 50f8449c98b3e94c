import { encode, decodeTrusted } from '../../chain/codec.ts';
import { addBalance, getAccount } from '../../chain/state/accounts.ts';
import { MarketKey, bondKey, penaltyKey } from '../keys.ts';
import { MarketError } from '../marketError.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { MarketTotals } from '../types.ts';

/**
 * Value the market holds outside account balances: escrow (per trade), bonds (per
 * account) and the FTR pool. Every move between a balance and one of these goes through
 * this file and updates the running totals, so `balances + escrow + bonds + pools` stays
 * equal to the minted supply (checked by conservation.ts).
 */

/** The running totals (zero on a fresh market). */
export function readTotals(state: StateReader): MarketTotals {
  const raw = state.get(MarketKey.totals);
  if (!raw) return { escrow: 0n, bonds: 0n, ftrPool: 0n };
  const [escrow, bonds, ftrPool] = decodeTrusted(raw) as [bigint, bigint, bigint];
  return { escrow, bonds, ftrPool };
}

/** Writes the running totals. */
export function writeTotals(state: Overlay, t: MarketTotals): void {
  if (t.escrow < 0n || t.bonds < 0n || t.ftrPool < 0n) throw new Error('internal: market totals would go negative');
  state.set(MarketKey.totals, encode([t.escrow, t.bonds, t.ftrPool]));
}

function addTotals(state: Overlay, d: Partial<MarketTotals>): void {
  const t = readTotals(state);
  writeTotals(state, { escrow: t.escrow + (d.escrow ?? 0n), bonds: t.bonds + (d.bonds ?? 0n), ftrPool: t.ftrPool + (d.ftrPool ?? 0n) });
}

/** Throws INSUFFICIENT_FUNDS unless the account holds `amount` µTES. */
export function requireFunds(state: StateReader, id: Uint8Array, amount: bigint, what: string): void {
  const have = getAccount(state, id).balance;
  if (have < amount) {
    throw new MarketError('INSUFFICIENT_FUNDS', `insufficient funds: ${what} needs ${amount} µTES, the account holds ${have} µTES after the fee; top it up or ask for less`);
  }
}

/** Moves µTES from a balance into escrow (the caller has checked the funds). */
export function lockEscrow(state: Overlay, from: Uint8Array, amount: bigint): void {
  if (amount === 0n) return;
  addBalance(state, from, -amount);
  addTotals(state, { escrow: amount });
}

/** Pays µTES out of escrow to an account. */
export function payFromEscrow(state: Overlay, to: Uint8Array, amount: bigint): void {
  if (amount === 0n) return;
  addTotals(state, { escrow: -amount });
  addBalance(state, to, amount);
}

/** The bond an account holds (µTES). */
export function readBond(state: StateReader, id: Uint8Array): bigint {
  const raw = state.get(bondKey(id));
  return raw ? (decodeTrusted(raw) as bigint) : 0n;
}

function writeBond(state: Overlay, id: Uint8Array, amount: bigint): void {
  if (amount === 0n) state.delete(bondKey(id));
  else state.set(bondKey(id), encode(amount));
}

/** Moves µTES from an account's balance into its bond. */
export function depositBond(state: Overlay, id: Uint8Array, amount: bigint): void {
  addBalance(state, id, -amount);
  writeBond(state, id, readBond(state, id) + amount);
  addTotals(state, { bonds: amount });
}

/** Takes up to `amount` from a bond and pays it to `to`; returns what was taken. */
export function takeFromBond(state: Overlay, id: Uint8Array, amount: bigint, to: Uint8Array): bigint {
  const have = readBond(state, id);
  const take = amount < have ? amount : have;
  if (take === 0n) return 0n;
  writeBond(state, id, have - take);
  addTotals(state, { bonds: -take });
  addBalance(state, to, take);
  return take;
}

/** Adds µTES to the FTR pool from an account's balance. */
export function payIntoFtrPool(state: Overlay, from: Uint8Array, amount: bigint): void {
  if (amount === 0n) return;
  addBalance(state, from, -amount);
  addTotals(state, { ftrPool: amount });
}

/** Pays up to `amount` from the FTR pool; returns what was paid (the pool may hold less). */
export function payFromFtrPool(state: Overlay, to: Uint8Array, amount: bigint): bigint {
  const pool = readTotals(state).ftrPool;
  const pay = amount < pool ? amount : pool;
  if (pay === 0n) return 0n;
  addTotals(state, { ftrPool: -pay });
  addBalance(state, to, pay);
  return pay;
}

/** Funds the FTR pool with newly minted µTES (genesis only; the caller adds the supply). */
export function mintIntoFtrPool(state: Overlay, amount: bigint): void {
  addTotals(state, { ftrPool: amount });
}

/** A penalty record for the credit rules: events, µTES taken from the bond, µTES left unpaid. */
export interface PenaltyRecord {
  readonly count: number;
  readonly fromBond: bigint;
  readonly unpaid: bigint;
  readonly lastPeriod: number;
}

/** The penalties of an account (zeros when none). */
export function readPenalties(state: StateReader, id: Uint8Array): PenaltyRecord {
  const raw = state.get(penaltyKey(id));
  if (!raw) return { count: 0, fromBond: 0n, unpaid: 0n, lastPeriod: 0 };
  const [count, fromBond, unpaid, lastPeriod] = decodeTrusted(raw) as [number, bigint, bigint, number];
  return { count, fromBond, unpaid, lastPeriod };
}

/** Records one penalty event (a payment its balance could not cover). */
export function addPenalty(state: Overlay, id: Uint8Array, fromBond: bigint, unpaid: bigint, period: number): void {
  const p = readPenalties(state, id);
  state.set(penaltyKey(id), encode([p.count + 1, p.fromBond + fromBond, p.unpaid + unpaid, period]));
}
