import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { depositBond, readBond, requireFunds, takeFromBond } from '../records/ledger.ts';
import { requiredBondOf } from '../credit.ts';
import { requireAmount } from '../checks.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { TxContext } from '../../chain/stf/context.ts';

function requireMember(state: Overlay, ctx: TxContext): void {
  const p = readParticipant(state, ctx.sender);
  if (!p || p.status === 'exited' || p.status === 'rejected' || p.status === 'expelled' || p.status === 'banned') {
    throw new MarketError('NOT_REGISTERED', `only a registered (pending or approved) participant holds a bond${p ? `; this account is ${p.status}` : ''}: register first`);
  }
}

/** market.bond: moves `amount` µTES from the sender's balance into its performance bond. */
export function applyBondDeposit(state: Overlay, ctx: TxContext): void {
  requireConfig(state);
  requireMember(state, ctx);
  const amount = ctx.tx.payload.amount as bigint;
  requireAmount(amount, 1n << 62n, 'the bond deposit');
  requireFunds(state, ctx.sender, amount, 'the bond deposit');
  depositBond(state, ctx.sender, amount);
}

/**
 * market.unbond: returns `amount` µTES of the bond to the balance. While the account has
 * open listings or trades, what stays must still cover the bond its credit level requires.
 */
export function applyBondWithdraw(state: Overlay, ctx: TxContext): void {
  const cfg = requireConfig(state);
  requireMember(state, ctx);
  const amount = ctx.tx.payload.amount as bigint;
  const have = readBond(state, ctx.sender);
  if (amount < 1n || amount > have) throw new MarketError('BAD_AMOUNT', `the withdrawal must be from 1 to the bond held, ${have} µTES; got ${amount}`);
  const p = readParticipant(state, ctx.sender)!;
  const need = requiredBondOf(state, cfg, ctx.sender);
  if (p.open > 0 && have - amount < need) {
    throw new MarketError('BOND_LOCKED', `with ${p.open} open listings or trades the bond must stay at least ${need} µTES; withdraw at most ${have > need ? have - need : 0n} µTES, or wait until they settle`);
  }
  takeFromBond(state, ctx.sender, amount, ctx.sender);
}
