import { BlockError } from '../../chain/chainError.ts';
import { computeTxRoot, createDraftHeader } from '../../chain/block.ts';
import { toHex } from '../../chain/bytes.ts';
import { accountIdFromPublicKey, getMinerCredit } from '../../chain/state/accounts.ts';
import { BlockExecution, type ApplyBlockResult } from '../../chain/stf/blockExecution.ts';
import { txHash } from '../../chain/tx.ts';
import { expectedBaseTarget, medianTimePast } from '../../consensus/validateBlock.ts';
import { boostedTarget } from '../../consensus/work.ts';
import type { Chain } from '../chain/chain.ts';
import type { Mempool } from '../mempool/mempool.ts';
import type { BlockHeader, Tx } from '../../chain/types.ts';

/** A block ready for the nonce search: header with nonce 0, its transactions, and the target to meet. */
export interface BlockTemplate {
  readonly header: BlockHeader;
  readonly txs: readonly Tx[];
  /** Base target boosted by the miner's credit in the parent state. */
  readonly target: bigint;
  readonly credit: number;
  /**
   * The state transition's result for exactly this block on its parent: the miner hands
   * it to the import so the block is not executed a second time.
   */
  readonly executed: ApplyBlockResult;
}

// Room left in a block for the header, signature and framing (an empty block encodes to ~300 bytes).
const HEADER_ROOM = 512;

/**
 * Builds the next block on the head: time after the median of the last 11 blocks, the
 * scheduled base target, and the mempool's best transactions that apply cleanly (one
 * that would invalidate the block, e.g. a fee no longer affordable, is left out with the
 * rest of its sender's queue). The block is executed once, here, while transactions are
 * chosen; its roots and result come from that one execution.
 */
export async function buildBlockTemplate(chain: Chain, mempool: Mempool, minerPub: Uint8Array, now: number): Promise<BlockTemplate> {
  const parent = chain.head;
  const { recentTimestamps } = await chain.parentContext(parent.hash);
  const ctx = chain.ctx;
  const draft = createDraftHeader({
    parentHash: parent.hash,
    height: parent.header.height + 1,
    timestamp: Math.max(now, medianTimePast(recentTimestamps) + 1),
    baseTarget: expectedBaseTarget(parent.header, ctx),
    miner: minerPub,
  });

  const candidates = mempool.select(chain.state, ctx.params.maxBlockTxs, ctx.params.maxBlockBytes - HEADER_ROOM);
  const exec = new BlockExecution(chain.state, draft, ctx);
  const txs: Tx[] = [];
  const skipped = new Set<string>();
  for (const tx of candidates) {
    const sender = toHex(accountIdFromPublicKey(tx.from));
    if (skipped.has(sender)) continue;
    if (exec.tryApplyTx(tx, txHash(tx), (err) => err instanceof BlockError)) txs.push(tx);
    else skipped.add(sender);
  }
  const executed = exec.finish(chain.acc);
  const header: BlockHeader = { ...draft, txRoot: computeTxRoot(txs), stateRoot: executed.stateRoot, receiptRoot: executed.receiptRoot };
  const credit = getMinerCredit(chain.state, minerPub);
  return { header, txs, target: boostedTarget(header.baseTarget, credit, ctx.params.maxBoost), credit, executed };
}
