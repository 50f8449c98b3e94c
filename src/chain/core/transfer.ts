import { TxError } from '../chainError.ts';
import { addBalance, getAccount } from '../state/accounts.ts';
import { Field } from '../module/schema.ts';
import { defineEvent } from '../module/receipt.ts';
import { defineKind, NO_RESULT } from '../module/stateModule.ts';

/** µTES moved from one account to another by a transfer. */
export const Transferred = defineEvent('core.transfer', { from: Field.address, to: Field.address, amount: Field.amount });

/** transfer: moves `amount` µTES from the sender to `to`. */
export const transfer = defineKind({
  doc: 'move µTES from the sender to another account',
  schema: { to: Field.address, amount: Field.amount },
  result: NO_RESULT,
  apply(state, ctx, args) {
    const have = getAccount(state, ctx.sender).balance;
    if (have < args.amount) {
      throw new TxError('INSUFFICIENT_FUNDS', `insufficient funds: sending ${args.amount} µTES with ${have} µTES left after the fee`);
    }
    addBalance(state, ctx.sender, -args.amount);
    addBalance(state, args.to, args.amount);
    ctx.emit(Transferred, { from: ctx.sender, to: args.to, amount: args.amount });
    return {};
  },
});
