import { BlockError } from '../chain/chainError.ts';
import { BLOCK_VERSION, computeTxRoot, headerHash, isMinerSignatureValid } from '../chain/block.ts';
import { bytesEqual, toHex } from '../chain/bytes.ts';
import { isTxSignatureValid, isTxSignatureValidAsync, txHash } from '../chain/tx.ts';
import { computeNextTarget } from './difficulty.ts';
import { blockWork, boostedTarget, hashMeetsTarget } from './work.ts';
import type { ChainContext } from '../chain/module/context.ts';
import type { Block, BlockHeader } from '../chain/types.ts';

/** What the context-free check learned, so later layers do not hash again. */
export interface CheckedBlock {
  readonly block: Block;
  readonly hash: Uint8Array;
  readonly txHashes: readonly Uint8Array[];
}

/**
 * Layer 1, context-free: everything checkable from the block alone, cheapest first.
 * Gossip runs this before forwarding. The work is checked against the easiest target
 * the header could claim (base target at full credit boost); the exact boost needs the
 * parent state and is checked by `validateWork`.
 */
export function validateBlockContextFree(block: Block, ctx: ChainContext, opts: { signatures?: boolean } = {}): CheckedBlock {
  const { header } = block;
  const p = ctx.params;
  // [REJECT] unknown header version
  if (header.version !== BLOCK_VERSION) throw new BlockError('BAD_VERSION', `block version ${header.version} is not ${BLOCK_VERSION}`);
  // [REJECT] too many transactions
  if (block.txs.length > p.maxBlockTxs) throw new BlockError('TOO_LARGE', `block has ${block.txs.length} transactions, over the limit of ${p.maxBlockTxs}`);
  // [REJECT] base target outside the chain's range
  if (header.baseTarget < 1n || header.baseTarget > p.maxTarget) throw new BlockError('BAD_TARGET', 'base target is outside the range the genesis allows');
  const hash = headerHash(header);
  // [REJECT] not even the easiest possible claim is met: no work behind it
  if (!hashMeetsTarget(hash, boostedTarget(header.baseTarget, 1000, p.maxBoost))) {
    throw new BlockError('BAD_POW', `block ${toHex(hash).slice(0, 16)} does not meet its target: no proof of work`);
  }
  // [REJECT] signature of the miner
  if (!isMinerSignatureValid(block, hash)) throw new BlockError('BAD_MINER_SIG', 'the miner signature does not match the header');
  const txHashes = block.txs.map(txHash);
  // [REJECT] transactions do not match the header's root
  if (!bytesEqual(computeTxRoot(block.txs, txHashes), header.txRoot)) throw new BlockError('BAD_TX_ROOT', 'transaction root does not match the transactions');
  const seen = new Set<string>();
  block.txs.forEach((tx, i) => {
    const id = toHex(txHashes[i]!);
    // [REJECT] the same transaction twice
    if (seen.has(id)) throw new BlockError('INVALID_TX', `transaction ${id.slice(0, 16)} appears twice`);
    seen.add(id);
    // [REJECT] another chain's transaction or a bad signature
    if (tx.chainId !== ctx.chainId) throw new BlockError('INVALID_TX', `transaction ${i} is for chain '${tx.chainId}'`);
    if (opts.signatures !== false && !isTxSignatureValid(tx)) throw new BlockError('INVALID_TX', `transaction ${i} has a bad signature`);
  });
  return { block, hash, txHashes };
}

/**
 * Layer 1 with the transactions' signatures checked in parallel on the thread pool,
 * after every cheaper check (work and miner signature first: junk costs little).
 */
export async function validateBlockContextFreeParallel(block: Block, ctx: ChainContext): Promise<CheckedBlock> {
  const checked = validateBlockContextFree(block, ctx, { signatures: false });
  const verdicts = await Promise.all(block.txs.map(isTxSignatureValidAsync));
  const bad = verdicts.indexOf(false);
  // [REJECT] a transaction with a bad signature
  if (bad >= 0) throw new BlockError('INVALID_TX', `transaction ${bad} has a bad signature`);
  return checked;
}

/** The parent facts layer 2 needs: its header and the timestamps of up to 11 ancestors. */
export interface ParentContext {
  readonly header: BlockHeader;
  /** Timestamps of the parent and its ancestors, newest first, at most 11. */
  readonly recentTimestamps: readonly number[];
}

/** Median of the last (up to) 11 block times (docs/protocol/consensus.md). */
export function medianTimePast(timestamps: readonly number[]): number {
  const sorted = [...timestamps].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The base target a child of `parent` must carry. */
export function expectedBaseTarget(parent: BlockHeader, ctx: ChainContext): bigint {
  return computeNextTarget({
    anchorTarget: ctx.params.genesisTarget,
    anchorTimeMs: ctx.genesisTime,
    anchorHeight: 0,
    parentTimeMs: parent.timestamp,
    parentHeight: parent.height,
    blockTimeMs: ctx.params.blockTimeMs,
    halfLifeMs: ctx.params.asertHalfLifeMs,
    maxTarget: ctx.params.maxTarget,
  });
}

/**
 * Layer 2, against the parent header: height, time (after the median of the last 11,
 * not beyond `now + maxFutureMs`) and the ASERT base target. `now` is the receiving
 * node's clock, passed in from the edge.
 */
export function validateHeaderContext(header: BlockHeader, parent: ParentContext, ctx: ChainContext, now: number): void {
  // [REJECT] height must follow the parent
  if (header.height !== parent.header.height + 1) throw new BlockError('BAD_HEIGHT', `height ${header.height} does not follow parent height ${parent.header.height}`);
  const mtp = medianTimePast(parent.recentTimestamps);
  // [REJECT] time must move past the median of recent blocks
  if (header.timestamp <= mtp) throw new BlockError('TIME_TOO_OLD', `timestamp ${header.timestamp} is not after the median time past ${mtp}`);
  // [IGNORE] a block from the future may become valid later: not proof of misbehaviour
  if (header.timestamp > now + ctx.params.maxFutureMs) throw new BlockError('TIME_TOO_NEW', `timestamp ${header.timestamp} is more than ${ctx.params.maxFutureMs} ms ahead of this node's clock`);
  const expected = expectedBaseTarget(parent.header, ctx);
  // [REJECT] difficulty must follow the schedule
  if (header.baseTarget !== expected) throw new BlockError('BAD_TARGET', `base target 0x${header.baseTarget.toString(16)} is not the scheduled 0x${expected.toString(16)}`);
}

/**
 * Layer 3's work check: the hash meets the base target boosted by the miner's credit
 * as read from the parent state. Returns the work the block proved, for fork choice.
 */
export function validateWork(hash: Uint8Array, header: BlockHeader, minerCredit: number, ctx: ChainContext): bigint {
  const target = boostedTarget(header.baseTarget, minerCredit, ctx.params.maxBoost);
  if (!hashMeetsTarget(hash, target)) {
    throw new BlockError('BAD_POW', `block ${toHex(hash).slice(0, 16)} does not meet the miner's target (credit ${minerCredit})`);
  }
  return blockWork(target);
}
