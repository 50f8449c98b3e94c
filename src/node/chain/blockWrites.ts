import { encodeBlock } from '../../chain/block.ts';
import { encodeIndex, encodeReceipts, encodeTxLocation, encodeUndo, type BlockIndexEntry, type StoreOp } from '../store/chainStore.ts';
import { DbKey } from '../store/layout.ts';
import type { CheckedBlock } from '../../consensus/validateBlock.ts';
import type { StateChange } from '../../chain/stf/applyBlock.ts';
import type { Block, Receipt } from '../../chain/types.ts';
import { txHash } from '../../chain/tx.ts';

/** Database writes that make a block canonical: body, index, undo, receipts, height and tx indexes. */
export function blockWritesOps(checked: CheckedBlock, index: BlockIndexEntry, changes: readonly StateChange[], receipts: readonly Receipt[]): StoreOp[] {
  const { block, hash, txHashes } = checked;
  return [
    { type: 'put', key: DbKey.block(hash), value: encodeBlock(block) },
    { type: 'put', key: DbKey.index(hash), value: encodeIndex(index) },
    { type: 'put', key: DbKey.undo(hash), value: encodeUndo(changes) },
    { type: 'put', key: DbKey.receipts(hash), value: encodeReceipts(receipts) },
    { type: 'put', key: DbKey.height(block.header.height), value: hash },
    ...txHashes.map((t, i): StoreOp => ({ type: 'put', key: DbKey.tx(t), value: encodeTxLocation(hash, i) })),
  ];
}

/** Database writes that take a block off the canonical chain (its body and index stay, as a side block). */
export function blockUnwriteOps(block: Block, hash: Uint8Array, index: BlockIndexEntry): StoreOp[] {
  return [
    { type: 'put', key: DbKey.index(hash), value: encodeIndex({ ...index, status: 'side' }) },
    { type: 'del', key: DbKey.undo(hash) },
    { type: 'del', key: DbKey.receipts(hash) },
    { type: 'del', key: DbKey.height(block.header.height) },
    ...block.txs.map((tx): StoreOp => ({ type: 'del', key: DbKey.tx(txHash(tx)) })),
  ];
}

/** Database writes for a set of state changes. */
export function stateWriteOps(changes: ReadonlyArray<{ key: string; value: Uint8Array | null }>): StoreOp[] {
  return changes.map((c): StoreOp => (c.value === null ? { type: 'del', key: DbKey.state(c.key) } : { type: 'put', key: DbKey.state(c.key), value: c.value }));
}
