import { encodeBlock } from '../../chain/block.ts';
import { encodeIndex, encodeReceipts, encodeTxLocation, encodeUndo, type BlockIndexEntry, type StoreOp } from '../store/chainStore.ts';
import { K } from '../store/layout.ts';
import type { CheckedBlock } from '../../consensus/validateBlock.ts';
import type { StateChange } from '../../chain/stf/applyBlock.ts';
import type { Block, Receipt } from '../../chain/types.ts';
import { txHash } from '../../chain/tx.ts';

/** Database writes that make a block canonical: body, index, undo, receipts, height and tx indexes. */
export function blockWritesOps(checked: CheckedBlock, index: BlockIndexEntry, changes: readonly StateChange[], receipts: readonly Receipt[]): StoreOp[] {
  const { block, hash, txHashes } = checked;
  return [
    { type: 'put', key: K.block(hash), value: encodeBlock(block) },
    { type: 'put', key: K.index(hash), value: encodeIndex(index) },
    { type: 'put', key: K.undo(hash), value: encodeUndo(changes) },
    { type: 'put', key: K.receipts(hash), value: encodeReceipts(receipts) },
    { type: 'put', key: K.height(block.header.height), value: hash },
    ...txHashes.map((t, i): StoreOp => ({ type: 'put', key: K.tx(t), value: encodeTxLocation(hash, i) })),
  ];
}

/** Database writes that take a block off the canonical chain (its body and index stay, as a side block). */
export function blockUnwriteOps(block: Block, hash: Uint8Array, index: BlockIndexEntry): StoreOp[] {
  return [
    { type: 'put', key: K.index(hash), value: encodeIndex({ ...index, status: 'side' }) },
    { type: 'del', key: K.undo(hash) },
    { type: 'del', key: K.receipts(hash) },
    { type: 'del', key: K.height(block.header.height) },
    ...block.txs.map((tx): StoreOp => ({ type: 'del', key: K.tx(txHash(tx)) })),
  ];
}

/** Database writes for a set of state changes. */
export function stateWriteOps(changes: ReadonlyArray<{ key: string; value: Uint8Array | null }>): StoreOp[] {
  return changes.map((c): StoreOp => (c.value === null ? { type: 'del', key: K.state(c.key) } : { type: 'put', key: K.state(c.key), value: c.value }));
}
