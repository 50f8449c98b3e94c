import { Overlay } from '../state/overlay.ts';
import { COMMUNITY_POOL_ID, accountIdFromPublicKey, addBalance, addSupply } from '../state/accounts.ts';
import { computeReceiptRoot } from '../module/receipt.ts';
import { applyTx } from './applyTx.ts';
import type { LtHash } from '../state/ltHash.ts';
import type { StateReader } from '../state/stateReader.ts';
import type { ChainContext } from '../module/context.ts';
import type { BlockHeader, Receipt, Tx } from '../types.ts';

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
  readonly receiptRoot: Uint8Array;
  readonly receipts: readonly Receipt[];
  readonly fees: bigint;
}

/**
 * A block being applied, step by step: the block-start hooks run when it begins, then
 * each transaction in order, then `finish` pays the reward and fees and computes the
 * roots. `applyBlock` runs all steps; the miner runs the same steps while it chooses
 * transactions (dropping one that would make the block invalid), so the block it seals
 * has been executed exactly once and its result can be committed as it is.
 */
export class BlockExecution {
  readonly header: BlockHeader;
  private readonly ctx: ChainContext;
  private readonly state: Overlay;
  private readonly receipts: Receipt[] = [];
  private fees = 0n;
  private finished = false;

  /** Begins a block on the pre-state: runs every module's block-start hooks (e.g. settlement). */
  constructor(pre: StateReader, header: BlockHeader, ctx: ChainContext) {
    this.header = header;
    this.ctx = ctx;
    this.state = new Overlay(pre);
    for (const hook of ctx.modules.hooks) hook(this.state, header, ctx);
  }

  /** Transactions applied so far. */
  get txCount(): number {
    return this.receipts.length;
  }

  /**
   * Applies the next transaction (its signature checked by the caller). Throws BlockError
   * when it may not be in a block at all; a rule failure is a receipt with its code.
   */
  applyTx(tx: Tx, txHash: Uint8Array): Receipt {
    const receipt = applyTx(this.state, tx, txHash, this.receipts.length, this.header, this.ctx);
    this.receipts.push(receipt);
    this.fees += tx.fee;
    return receipt;
  }

  /**
   * Like applyTx, but a transaction that may not be in the block leaves no trace and
   * returns undefined: how the miner tries candidates.
   */
  tryApplyTx(tx: Tx, txHash: Uint8Array, isInvalid: (err: unknown) => boolean): Receipt | undefined {
    const cp = this.state.checkpoint();
    try {
      return this.applyTx(tx, txHash);
    } catch (err) {
      if (!isInvalid(err)) throw err;
      this.state.revert(cp);
      return undefined;
    }
  }

  /**
   * Ends the block: reward and fees to the miner, the community share to the pool; then
   * the state changes (sorted), the accumulator and the roots. Call once.
   */
  finish(preAcc: LtHash): ApplyBlockResult {
    if (this.finished) throw new Error('BlockExecution.finish called twice');
    this.finished = true;
    const { params } = this.ctx;
    const total = params.blockReward + this.fees;
    const poolShare = (total * BigInt(params.communitySharePercent)) / 100n;
    addBalance(this.state, accountIdFromPublicKey(this.header.miner), total - poolShare);
    if (poolShare > 0n) addBalance(this.state, COMMUNITY_POOL_ID, poolShare);
    if (params.blockReward > 0n) addSupply(this.state, params.blockReward);

    const changes = this.state.diff();
    const acc = preAcc.clone();
    for (const c of changes) acc.update(c.key, c.prev ?? undefined, c.value ?? undefined);
    return { changes, acc, stateRoot: acc.root(), receiptRoot: computeReceiptRoot(this.receipts), receipts: this.receipts, fees: this.fees };
  }
}
