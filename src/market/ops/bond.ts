import { MarketError } from '../marketError.ts';
import { requireConfig } from '../records/config.ts';
import { readParticipant } from '../records/participant.ts';
import { depositBond, readBond, requireFunds, takeFromBond } from '../records/ledger.ts';
import { requiredBondOf } from '../credit.ts';
import { requireAmount } from '../checks.ts';
import { MAX_BOND_DEPOSIT } from '../limits.ts';
import type { Overlay } from '../../chain/state/overlay.ts';
import type { OpContext } from '../../chain/module/context.ts';
import { Field } from '../../chain/module/schema.ts';
import { BondMoved } from '../events.ts';
import type { ArgsOf } from '../../chain/module/schema.ts';

function requireMember(state: Overlay, ctx: OpContext): void {
  const p = readParticipant(state, ctx.sender);
  if (!p || p.status === 'exited' || p.status === 'rejected' || p.status === 'expelled' || p.status === 'banned') {
    throw new MarketError('NOT_REGISTERED', `only a registered (pending or approved) participant holds a bond${p ? `; this account is ${p.status}` : ''}: register first`);
  }
}

/** Arguments of market.bond: deposit µTES into one's performance bond. */
export const bondDepositArgs = { amount: Field.amount } as const;

/** market.bond: moves `amount` µTES from the sender's balance into its performance bond. */
export function applyBondDeposit(state: Overlay, ctx: OpContext, args: ArgsOf<typeof bondDepositArgs>): Record<string, never> {
  requireConfig(state);
  requireMember(state, ctx);
  const amount = args.amount;
  requireAmount(amount, MAX_BOND_DEPOSIT, 'the bond deposit');
  requireFunds(state, ctx.sender, amount, 'the bond deposit');
  depositBond(state, ctx.sender, amount);
  ctx.emit(BondMoved, { account: ctx.sender, amount, deposit: true });
  return {};
}

/** Arguments of market.unbond: withdraw µTES from one's bond (down to the required amount while anything is open). */
export const bondWithdrawArgs = { amount: Field.amount } as const;

/**
 * market.unbond: returns `amount` µTES of the bond to the balance. While the account has
 * open listings or trades, what stays must still cover the bond its credit level requires.
 */
export function applyBondWithdraw(state: Overlay, ctx: OpContext, args: ArgsOf<typeof bondWithdrawArgs>): Record<string, never> {
  const cfg = requireConfig(state);
  requireMember(state, ctx);
  const amount = args.amount;
  const have = readBond(state, ctx.sender);
  if (amount < 1n || amount > have) throw new MarketError('BAD_AMOUNT', `the withdrawal must be from 1 to the bond held, ${have} µTES; got ${amount}`);
  const p = readParticipant(state, ctx.sender)!;
  const need = requiredBondOf(state, cfg, ctx.sender);
  if (p.open > 0 && have - amount < need) {
    throw new MarketError('BOND_LOCKED', `with ${p.open} open listings or trades the bond must stay at least ${need} µTES; withdraw at most ${have > need ? have - need : 0n} µTES, or wait until they settle`);
  }
  takeFromBond(state, ctx.sender, amount, ctx.sender);
  ctx.emit(BondMoved, { account: ctx.sender, amount, deposit: false });
  return {};
}
