import { decodeBlock, decodeHeader, headerHash } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { decodeTrusted } from '../../chain/codec.ts';
import { Overlay } from '../../chain/state/overlay.ts';
import { txHash } from '../../chain/tx.ts';
import { DbKey } from '../store/layout.ts';
import { StoreError } from '../store/storeError.ts';
import { stateWriteOps } from './blockWrites.ts';
import type { ChainStore, StoreOp } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { StoreInspection } from './verifyStore.ts';

/**
 * Moves the head back to `target` with the undo records of the blocks above it, in one
 * batch: the state and accumulator become the target block's, and the blocks above it
 * are removed with every record they own (body, index entry, undo record, receipts,
 * height and transaction locations), so the node fetches them again from its peers and
 * verifies them like any new block. The inspection must have verified those undo
 * records against the state roots (chooseRepair's 'rollback').
 */
export async function rollbackHead(store: ChainStore, ctx: ChainContext, inspection: StoreInspection, target: number): Promise<void> {
  const { state, hashes, headHeight } = inspection;
  if (!state?.sound || inspection.walk.undoVerifiedTo > target) throw new Error('internal: rollbackHead needs a sound state and undo records verified down to the target');
  const view = new Overlay(state.state);
  const acc = state.acc.clone();
  const ops: StoreOp[] = [];
  const removed = new Set<string>();
  let unreadableBodies = false;
  for (let h = headHeight; h > target; h--) {
    const hash = hashes.get(h)!;
    const undo = (await store.getUndo(hash))!;
    for (const [key, prev] of undo) {
      acc.update(key, view.get(key), prev ?? undefined);
      if (prev === null) view.delete(key);
      else view.set(key, prev);
    }
    const txs = await readTxHashes(store, ctx, hash);
    if (txs) ops.push(...txs.map((t): StoreOp => ({ type: 'del', key: DbKey.tx(t) })));
    else unreadableBodies = true;
    ops.push(...[DbKey.block(hash), DbKey.index(hash), DbKey.undo(hash), DbKey.receipts(hash), DbKey.height(h)].map((key): StoreOp => ({ type: 'del', key })));
    removed.add(toHex(hash));
  }
  // Transactions of a block whose body is gone are found by where their locations point.
  if (unreadableBodies) {
    for await (const [key, raw] of store.entries('t/')) {
      const [blockHash] = decodeTrusted(raw) as [Uint8Array];
      if (blockHash instanceof Uint8Array && removed.has(toHex(blockHash))) ops.push({ type: 'del', key });
    }
  }
  const targetHash = hashes.get(target)!;
  const targetIndex = await store.getIndex(targetHash);
  if (!targetIndex || !bytesEqual(acc.root(), decodeHeader(targetIndex.headerBytes).stateRoot)) {
    throw new StoreError('CORRUPT', `internal: undoing down to block ${target} did not give its state root; nothing was written`);
  }
  ops.push(...stateWriteOps(view.diff()), { type: 'put', key: DbKey.head, value: targetHash }, { type: 'put', key: DbKey.acc, value: acc.toBytes() });
  await store.write(ops);
}

async function readTxHashes(store: ChainStore, ctx: ChainContext, hash: Uint8Array): Promise<Uint8Array[] | undefined> {
  try {
    const bytes = await store.getBlockBytes(hash);
    const block = bytes && decodeBlock(bytes, ctx.modules);
    return block && bytesEqual(headerHash(block.header), hash) ? block.txs.map(txHash) : undefined;
  } catch {
    return undefined;
  }
}
