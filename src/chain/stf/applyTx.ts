import { BlockError, RuleError, TxError } from '../chainError.ts';
import { accountIdFromPublicKey, getAccount, setAccount } from '../state/accounts.ts';
import { toHex } from '../bytes.ts';
import type { Overlay } from '../state/overlay.ts';
import type { StateReader } from '../state/stateReader.ts';
import type { ChainContext, OpContext } from '../module/context.ts';
import type { ChainEvent, EmitEvent, Receipt } from '../module/receipt.ts';
import type { BlockHeader, Tx } from '../types.ts';

const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Applies one transaction whose signature has been checked. A transaction a miner
 * should never have included (wrong chain, wrong nonce, fee below the minimum or
 * unaffordable) makes the block invalid. Otherwise the fee is charged and the nonce
 * used, and a rule failure of the operation itself only reverts the operation: the
 * receipt carries its code and message. A successful operation's receipt carries its
 * result and events.
 */
export function applyTx(state: Overlay, tx: Tx, txHash: Uint8Array, txIndex: number, header: BlockHeader, ctx: ChainContext): Receipt {
  let sender: Uint8Array;
  try {
    sender = validateTxAdmissible(state, tx, ctx);
  } catch (err) {
    if (err instanceof TxError) throw new BlockError('INVALID_TX', `tx ${toHex(txHash).slice(0, 16)}: ${err.message}`);
    throw err;
  }
  const kind = ctx.modules.kind(tx.kind)!;
  const acct = getAccount(state, sender);
  setAccount(state, sender, { balance: acct.balance - tx.fee, nonce: acct.nonce + 1 });
  const checkpoint = state.checkpoint();
  const events: ChainEvent[] = [];
  const emit: EmitEvent = (type, data) => {
    events.push({ type: type.name, data });
  };
  const opCtx: OpContext = { chainId: ctx.chainId, genesisTime: ctx.genesisTime, params: ctx.params, modules: ctx.modules, header, sender, txHash, txIndex, emit };
  try {
    // The payload was decoded by this kind's schema (txFromWire), so it is the operation's typed args.
    const result = kind.apply(state, opCtx, tx.payload as never);
    return { txHash, error: '', message: '', result, events };
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    state.revert(checkpoint);
    return { txHash, error: err.code, message: err.message, result: NOTHING, events: [] };
  }
}

/**
 * The checks that decide whether a transaction may be in a block at all: chain id,
 * exact nonce, minimum fee, fee affordable, known kind. Throws TxError with the
 * precise code (the mempool reports it as is); returns the sender's account id.
 */
export function validateTxAdmissible(state: StateReader, tx: Tx, ctx: ChainContext): Uint8Array {
  if (tx.chainId !== ctx.chainId) throw new TxError('WRONG_CHAIN', `transaction is for chain '${tx.chainId}', this chain is '${ctx.chainId}'`);
  const sender = accountIdFromPublicKey(tx.from);
  const acct = getAccount(state, sender);
  if (tx.nonce < acct.nonce) throw new TxError('NONCE_TOO_LOW', `nonce ${tx.nonce} is already used: the account's next nonce is ${acct.nonce}`);
  if (tx.nonce > acct.nonce) throw new TxError('NONCE_GAP', `nonce ${tx.nonce} leaves a gap: the account's next nonce is ${acct.nonce}`);
  if (tx.fee < ctx.params.minFee) throw new TxError('FEE_TOO_LOW', `fee ${tx.fee} µTES is below the minimum ${ctx.params.minFee} µTES`);
  if (acct.balance < tx.fee) throw new TxError('INSUFFICIENT_FUNDS', `the sender has ${acct.balance} µTES and cannot pay the fee of ${tx.fee} µTES`);
  if (!ctx.modules.kind(tx.kind)) throw new TxError('UNKNOWN_KIND', `no handler for transaction kind '${tx.kind}'`);
  return sender;
}
