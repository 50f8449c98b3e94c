import { Overlay } from '../state/overlay.ts';
import { COMMUNITY_POOL_ID, accountIdFromPublicKey, addBalance, addSupply } from '../state/accounts.ts';
import { LtHash } from '../state/ltHash.ts';
import { txHash as hashTx } from '../tx.ts';
import { applyTx } from './applyTx.ts';
import { BLOCK_START_HOOKS } from './txHandlers.ts';
import type { StateReader } from '../state/stateReader.ts';
import type { ChainContext } from './context.ts';
import type { Block, Receipt } from '../types.ts';

/** One changed state key: new value (null = deleted) and the value before the block. */
export interface StateChange {
  readonly key: string;
  readonly value: Uint8Array | null;
  readonly prev: Uint8Array | null;
}

/** What applying a block produces; `changes` doubles as the undo record. */
export interface ApplyBlockResult {
  readonly changes: readonly StateChange[];
  readonly acc: LtHash;
  readonly stateRoot: Uint8Array;
  readonly receipts: readonly Receipt[];
  readonly fees: bigint;
}

/**
 * The state transition: applies a block to the pre-state and returns the changes, the
 * new state accumulator and root, and receipts. Pure and deterministic: time comes from
 * the header, facts from signed transactions; no clock, I/O or randomness. Transaction
 * signatures must have been checked by the caller (validateBlock). It does not compare
 * the root with the header: the caller does, since a miner calls this to make the root.
 * Throws BlockError when the block is invalid.
 */
export function applyBlock(pre: StateReader, preAcc: LtHash, block: Block, ctx: ChainContext, txHashes?: readonly Uint8Array[]): ApplyBlockResult {
  const state = new Overlay(pre);
  const { header } = block;
  for (const hook of BLOCK_START_HOOKS) hook(state, header, ctx);

  const receipts: Receipt[] = [];
  let fees = 0n;
  block.txs.forEach((tx, i) => {
    receipts.push(applyTx(state, tx, txHashes?.[i] ?? hashTx(tx), i, header, ctx));
    fees += tx.fee;
  });

  // Reward and fees: the community share to the pool, the rest to the miner.
  const total = ctx.params.blockReward + fees;
  const poolShare = (total * BigInt(ctx.params.communitySharePercent)) / 100n;
  addBalance(state, accountIdFromPublicKey(header.miner), total - poolShare);
  if (poolShare > 0n) addBalance(state, COMMUNITY_POOL_ID, poolShare);
  if (ctx.params.blockReward > 0n) addSupply(state, ctx.params.blockReward);

  const changes = state.diff();
  const acc = preAcc.clone();
  for (const c of changes) acc.update(c.key, c.prev ?? undefined, c.value ?? undefined);
  return { changes, acc, stateRoot: acc.root(), receipts, fees };
}
