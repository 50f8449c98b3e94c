import { requireRootsMatch } from './rootsMatch.ts';
import { BlockError } from '../../chain/chainError.ts';
import { decodeHeader, encodeHeader } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { Overlay } from '../../chain/state/overlay.ts';
import { getMinerCredit } from '../../chain/state/accounts.ts';
import { applyBlock } from '../../chain/stf/applyBlock.ts';
import { txHash } from '../../chain/tx.ts';
import { encodeIndex, type BlockIndexEntry, type StoreOp } from '../store/chainStore.ts';
import { DbKey } from '../store/layout.ts';
import { blockUnwriteOps, blockWritesOps, stateWriteOps } from './blockWrites.ts';
import { validateWork } from '../../consensus/validateBlock.ts';
import type { LtHash } from '../../chain/state/ltHash.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { StateReader } from '../../chain/state/stateReader.ts';
import type { ChainStore } from '../store/chainStore.ts';
import type { HeadInfo } from './headInfo.ts';
import type { Block } from '../../chain/types.ts';

/** What planning a reorg reads of the chain (the Chain itself implements it). */
export interface ReorgSource {
  readonly ctx: ChainContext;
  readonly state: StateReader;
  readonly acc: LtHash;
  readonly head: HeadInfo;
  readonly store: ChainStore;
  getIndex(hash: Uint8Array): Promise<BlockIndexEntry | undefined>;
  isCanonical(hash: Uint8Array, height: number): Promise<boolean>;
  getBlockByHash(hash: Uint8Array): Promise<Block | undefined>;
}

/** What a reorg attempt decided; nothing is written until the chain commits `ops`. */
export interface ReorgPlan {
  /** Index entries learned (exact work, invalid marks), for the chain's cache. */
  readonly indexUpdates: Array<[Uint8Array, BlockIndexEntry]>;
  /** Writes to make when the branch is not adopted (exact work of side blocks, invalid marks). */
  readonly sideOps: StoreOp[];
  /** Present when the branch (or its valid prefix) outweighs the head. */
  readonly commit?: {
    readonly ops: StoreOp[];
    readonly stateWrites: Array<readonly [string, Uint8Array | null]>;
    readonly acc: LtHash;
    readonly head: HeadInfo;
    readonly disconnected: Block[];
    readonly connected: Block[];
  };
  /** The first invalid block of the branch, if one was found. */
  readonly error?: { hash: Uint8Array; err: BlockError };
}

/**
 * Plans a switch to the branch ending at `tip`: walks back to the canonical ancestor,
 * rolls the head state back with undo records in an overlay, applies the branch with
 * full work and state checks, and compares exact proven work. The result is one batch
 * (old blocks unindexed, new blocks indexed, net state difference, head and
 * accumulator), so a crash leaves either the old branch or the new one.
 */
export async function planReorg(chain: ReorgSource, tip: Uint8Array): Promise<ReorgPlan> {
  // Index entries by fate: invalid marks always stand; branch entries are 'applied' if
  // the branch is adopted and 'side' (with their now exact work) if not; disconnected
  // blocks become 'side' only if it is adopted.
  const invalid: Array<[Uint8Array, BlockIndexEntry]> = [];
  const branchEntries: Array<[Uint8Array, BlockIndexEntry]> = [];
  const disconnectEntries: Array<[Uint8Array, BlockIndexEntry]> = [];
  const markInvalid = (hash: Uint8Array, e: BlockIndexEntry, reason: string) => invalid.push([hash, { ...e, status: 'invalid', reason }]);
  const putIndex = ([h, e]: [Uint8Array, BlockIndexEntry]): StoreOp => ({ type: 'put', key: DbKey.index(h), value: encodeIndex(e) });
  const asSide = ([h, e]: [Uint8Array, BlockIndexEntry]): [Uint8Array, BlockIndexEntry] => [h, { ...e, status: 'side' }];

  // 1. The branch, oldest first, back to the first canonical ancestor.
  const branch: Array<{ hash: Uint8Array; index: BlockIndexEntry }> = [];
  let hash = tip;
  let index = await chain.getIndex(hash);
  while (index && !(await chain.isCanonical(hash, index.height))) {
    if (index.status === 'invalid') {
      const err = new BlockError('KNOWN_INVALID', `branch contains invalid block ${toHex(hash).slice(0, 16)}`);
      markInvalid(tip, branch[0]?.index ?? index, err.message);
      return { indexUpdates: invalid, sideOps: invalid.map(putIndex), error: { hash: tip, err } };
    }
    branch.push({ hash, index });
    hash = index.parentHash;
    index = await chain.getIndex(hash);
  }
  if (!index) throw new Error(`internal: branch of ${toHex(tip)} has no canonical ancestor`);
  branch.reverse();
  const ancestor = { hash, index };

  // 2. Roll the head state back to the ancestor.
  const overlay = new Overlay(chain.state);
  let acc = chain.acc.clone();
  const disconnected: Block[] = [];
  const unwriteOps: StoreOp[] = [];
  for (let h = chain.head.header.height; h > ancestor.index.height; h--) {
    const bHash = await chain.store.getCanonicalHash(h);
    if (!bHash) throw chain.store.damaged(DbKey.height(h), 'is missing below the head');
    const block = await chain.getBlockByHash(bHash);
    const undo = await chain.store.getUndo(bHash);
    const bIndex = await chain.getIndex(bHash);
    if (!block || !undo || !bIndex) throw chain.store.damaged(DbKey.undo(bHash), `or the body or index entry of canonical block ${h} is missing`);
    for (const [key, prev] of undo) {
      const cur = overlay.get(key);
      if (prev === null) overlay.delete(key);
      else overlay.set(key, prev);
      acc.update(key, cur, prev ?? undefined);
    }
    // A damaged undo record must not pass for a rollback: the branch would then be judged on a wrong state.
    const parent = await chain.getIndex(bIndex.parentHash);
    if (!parent || !bytesEqual(acc.root(), decodeHeader(parent.headerBytes).stateRoot)) {
      throw chain.store.damaged(DbKey.undo(bHash), `does not undo block ${h} to its parent's state root`);
    }
    disconnected.push(block);
    unwriteOps.push(...blockUnwriteOps(block, bHash, bIndex));
    disconnectEntries.push([bHash, { ...bIndex, status: 'side' }]);
  }

  // 3. Apply the branch; stop at the first invalid block.
  let work = ancestor.index.cumulativeWork;
  const connected: Block[] = [];
  const connectOps: StoreOp[] = [];
  let error: ReorgPlan['error'];
  let tipHead: HeadInfo | undefined;
  for (const b of branch) {
    if (error) {
      // Everything built on an invalid block is invalid too.
      markInvalid(b.hash, b.index, `descends from invalid block ${toHex(error.hash).slice(0, 16)}: ${error.err.message}`);
      continue;
    }
    const block = (await chain.getBlockByHash(b.hash))!;
    const txHashes = block.txs.map(txHash);
    try {
      const w = validateWork(b.hash, block.header, getMinerCredit(overlay, block.header.miner), chain.ctx);
      const result = applyBlock(overlay, acc, block, chain.ctx, txHashes);
      requireRootsMatch(block.header, result);
      for (const c of result.changes) {
        if (c.value === null) overlay.delete(c.key);
        else overlay.set(c.key, c.value);
      }
      acc = result.acc;
      work += w;
      const entry: BlockIndexEntry = { height: block.header.height, parentHash: block.header.parentHash, cumulativeWork: work, status: 'applied', headerBytes: encodeHeader(block.header) };
      connectOps.push(...blockWritesOps({ block, hash: b.hash, txHashes }, entry, result.changes, result.receipts));
      branchEntries.push([b.hash, entry]);
      connected.push(block);
      tipHead = { hash: b.hash, header: block.header, work };
    } catch (err) {
      if (!(err instanceof BlockError)) throw err;
      markInvalid(b.hash, b.index, err.message);
      error = { hash: b.hash, err };
    }
  }

  // 4. Adopt only a branch with strictly more proven work (ties keep the head seen first).
  if (!tipHead || tipHead.work <= chain.head.work) {
    const updates = [...branchEntries.map(asSide), ...invalid];
    return { indexUpdates: updates, sideOps: updates.map(putIndex), ...(error ? { error } : {}) };
  }
  const diff = overlay.diff();
  const ops: StoreOp[] = [
    ...unwriteOps,
    ...connectOps,
    ...invalid.map(putIndex),
    ...stateWriteOps(diff),
    { type: 'put', key: DbKey.head, value: tipHead.hash },
    { type: 'put', key: DbKey.acc, value: acc.toBytes() },
  ];
  return {
    indexUpdates: [...disconnectEntries, ...branchEntries, ...invalid],
    sideOps: [],
    commit: { ops, stateWrites: diff.map((d) => [d.key, d.value] as const), acc, head: tipHead, disconnected, connected },
    ...(error ? { error } : {}),
  };
}
