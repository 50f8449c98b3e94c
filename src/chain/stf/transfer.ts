import { TxError } from '../chainError.ts';
import { addBalance, getAccount } from '../state/accounts.ts';
import type { Overlay } from '../state/overlay.ts';
import type { TxContext } from './context.ts';

/** transfer: moves `amount` µTES from the sender to `to`. */
export function applyTransfer(state: Overlay, ctx: TxContext): void {
  const to = ctx.tx.payload.to as Uint8Array;
  const amount = ctx.tx.payload.amount as bigint;
  const have = getAccount(state, ctx.sender).balance;
  if (have < amount) {
    throw new TxError('INSUFFICIENT_FUNDS', `insufficient funds: sending ${amount} µTES with ${have} µTES left after the fee`);
  }
  addBalance(state, ctx.sender, -amount);
  addBalance(state, to, amount);
}
