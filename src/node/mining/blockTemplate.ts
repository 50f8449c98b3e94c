import { BlockError } from '../../chain/chainError.ts';
import { BLOCK_VERSION, computeTxRoot } from '../../chain/block.ts';
import { toHex } from '../../chain/bytes.ts';
import { accountIdFromPublicKey, getMinerCredit } from '../../chain/state/accounts.ts';
import { Overlay } from '../../chain/state/overlay.ts';
import { applyBlock } from '../../chain/stf/applyBlock.ts';
import { applyTx } from '../../chain/stf/applyTx.ts';
import { BLOCK_START_HOOKS } from '../../chain/stf/txHandlers.ts';
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
}

// Room left in a block for the header, signature and framing (an empty block encodes to ~260 bytes).
const HEADER_ROOM = 512;

/**
 * Builds the next block on the head: time after the median of the last 11 blocks, the
 * scheduled base target, and the mempool's best transactions that apply cleanly (one
 * that would invalidate the block, e.g. a fee no longer affordable, is left out with the
 * rest of its sender's queue). The state root comes from the real state transition.
 */
export async function buildBlockTemplate(chain: Chain, mempool: Mempool, minerPub: Uint8Array, now: number): Promise<BlockTemplate> {
  const parent = chain.head;
  const { recentTimestamps } = await chain.parentContext(parent.hash);
  const timestamp = Math.max(now, medianTimePast(recentTimestamps) + 1);
  const ctx = chain.ctx;
  const draft: BlockHeader = {
    version: BLOCK_VERSION,
    parentHash: parent.hash,
    height: parent.header.height + 1,
    timestamp,
    txRoot: new Uint8Array(32),
    stateRoot: new Uint8Array(32),
    baseTarget: expectedBaseTarget(parent.header, ctx),
    miner: minerPub,
    nonce: 0n,
  };

  const candidates = mempool.select(chain.state, ctx.params.maxBlockTxs, ctx.params.maxBlockBytes - HEADER_ROOM);
  const trial = new Overlay(chain.state);
  for (const hook of BLOCK_START_HOOKS) hook(trial, draft, ctx);
  const txs: Tx[] = [];
  const skipped = new Set<string>();
  for (const tx of candidates) {
    const sender = toHex(accountIdFromPublicKey(tx.from));
    if (skipped.has(sender)) continue;
    const cp = trial.checkpoint();
    try {
      applyTx(trial, tx, txHash(tx), txs.length, draft, ctx);
      txs.push(tx);
    } catch (err) {
      if (!(err instanceof BlockError)) throw err;
      trial.revert(cp);
      skipped.add(sender);
    }
  }

  const result = applyBlock(chain.state, chain.acc, { header: draft, sig: new Uint8Array(64), txs }, ctx);
  const header: BlockHeader = { ...draft, txRoot: computeTxRoot(txs), stateRoot: result.stateRoot };
  const credit = getMinerCredit(chain.state, minerPub);
  return { header, txs, target: boostedTarget(header.baseTarget, credit, ctx.params.maxBoost), credit };
}
