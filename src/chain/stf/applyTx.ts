import { BlockError, RuleError } from '../chainError.ts';
import { accountIdFromPublicKey, getAccount, setAccount } from '../state/accounts.ts';
import { toHex } from '../bytes.ts';
import { TX_HANDLERS } from './txHandlers.ts';
import type { Overlay } from '../state/overlay.ts';
import type { ChainContext } from './context.ts';
import type { BlockHeader, Receipt, Tx } from '../types.ts';

/**
 * Applies one transaction whose signature has been checked. A transaction a miner
 * should never have included (wrong chain, wrong nonce, fee below the minimum or
 * unaffordable) makes the block invalid. Otherwise the fee is charged and the nonce
 * used, and a rule failure of the operation itself only reverts the operation: the
 * receipt carries its code and message.
 */
export function applyTx(state: Overlay, tx: Tx, txHash: Uint8Array, txIndex: number, header: BlockHeader, ctx: ChainContext): Receipt {
  const id = toHex(txHash).slice(0, 16);
  if (tx.chainId !== ctx.chainId) throw new BlockError('INVALID_TX', `tx ${id}: chain id '${tx.chainId}' is not '${ctx.chainId}'`);
  const sender = accountIdFromPublicKey(tx.from);
  const acct = getAccount(state, sender);
  if (tx.nonce !== acct.nonce) throw new BlockError('INVALID_TX', `tx ${id}: nonce ${tx.nonce}, expected ${acct.nonce}`);
  if (tx.fee < ctx.params.minFee) throw new BlockError('INVALID_TX', `tx ${id}: fee ${tx.fee} below the minimum ${ctx.params.minFee}`);
  if (acct.balance < tx.fee) throw new BlockError('INVALID_TX', `tx ${id}: sender cannot pay the fee`);
  const handler = TX_HANDLERS[tx.kind];
  if (!handler) throw new BlockError('INVALID_TX', `tx ${id}: no handler for kind '${tx.kind}'`);

  setAccount(state, sender, { balance: acct.balance - tx.fee, nonce: acct.nonce + 1 });
  const checkpoint = state.checkpoint();
  try {
    handler(state, { ...ctx, header, tx, sender, txHash, txIndex });
    return { txHash, error: '', message: '' };
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    state.revert(checkpoint);
    return { txHash, error: err.code, message: err.message };
  }
}
