import { txHash as hashTx } from '../tx.ts';
import { BlockExecution, type ApplyBlockResult } from './blockExecution.ts';
import type { LtHash } from '../state/ltHash.ts';
import type { StateReader } from '../state/stateReader.ts';
import type { ChainContext } from '../module/context.ts';
import type { Block } from '../types.ts';

export type { ApplyBlockResult, StateChange } from './blockExecution.ts';

/**
 * The state transition: applies a block to the pre-state and returns the changes, the
 * new state accumulator and roots, and receipts. Pure and deterministic: time comes from
 * the header, facts from signed transactions; no clock, I/O or randomness. The modules
 * (ctx.modules) supply the block hooks and the transaction kinds. Transaction signatures
 * must have been checked by the caller (validateBlock). It does not compare the roots
 * with the header: the caller does. Throws BlockError when the block is invalid.
 */
export function applyBlock(pre: StateReader, preAcc: LtHash, block: Block, ctx: ChainContext, txHashes?: readonly Uint8Array[]): ApplyBlockResult {
  const exec = new BlockExecution(pre, block.header, ctx);
  block.txs.forEach((tx, i) => exec.applyTx(tx, txHashes?.[i] ?? hashTx(tx)));
  return exec.finish(preAcc);
}
