import { computeTxRoot, decodeBlock, headerHash, isMinerSignatureValid } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { computeReceiptRoot, type Receipt } from '../../chain/module/receipt.ts';
import { txHash } from '../../chain/tx.ts';
import { DbKey } from '../store/layout.ts';
import type { ChainStore } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { Block, BlockHeader } from '../../chain/types.ts';

/**
 * Reads that check what they return against what commits to it, so a damaged record
 * is refused (a CORRUPT StoreError, and the store's onFault) instead of being served to
 * a peer or a client: a block must hash to its key, match its tx root and carry a
 * valid miner signature; receipts must have the header's receipt root; a transaction
 * location must point at that transaction.
 */

/**
 * Blocks and receipt lists already checked, most recent last: blocks are immutable under
 * their hash, so a page of the dashboard or a wallet polling tx_get does not hash a full
 * block's transactions or receipts again on every request.
 */
export class CheckedCache {
  private readonly blocks = new Map<string, { block: Block; bytes: Uint8Array }>();
  private readonly receipts = new Map<string, true>();
  private readonly max: number;
  constructor(max = 64) {
    this.max = max;
  }
  block(key: string): { block: Block; bytes: Uint8Array } | undefined {
    return this.blocks.get(key);
  }
  addBlock(key: string, v: { block: Block; bytes: Uint8Array }): void {
    remember(this.blocks, key, v, this.max);
  }
  receiptsChecked(key: string): boolean {
    return this.receipts.has(key);
  }
  addReceipts(key: string): void {
    remember(this.receipts, key, true, this.max * 16);
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}

/** A stored block and its bytes, checked; undefined when the store has none. */
export async function readCheckedBlock(store: ChainStore, ctx: ChainContext, hash: Uint8Array, cache?: CheckedCache): Promise<{ block: Block; bytes: Uint8Array } | undefined> {
  const key = DbKey.block(hash);
  const cached = cache?.block(key);
  if (cached) return cached;
  const bytes = await store.getBlockBytes(hash);
  if (!bytes) return undefined;
  let block: Block;
  try {
    block = decodeBlock(bytes, ctx.modules);
  } catch (err) {
    throw store.damaged(key, `does not decode (${(err as Error).message})`);
  }
  if (!bytesEqual(headerHash(block.header), hash)) throw store.damaged(key, 'holds another block');
  if (!bytesEqual(computeTxRoot(block.txs), block.header.txRoot)) throw store.damaged(key, "holds transactions that do not match its header's tx root");
  if (block.header.height > 0 && !isMinerSignatureValid(block, hash)) throw store.damaged(key, "holds a miner signature that does not verify");
  cache?.addBlock(key, { block, bytes });
  return { block, bytes };
}

/**
 * The canonical block at `height`: the height index must name a block of that height.
 * A missing height entry reads as no block: a reorg to a shorter chain removes entries
 * just before the head moves, so a reader can meet that moment (verify-store finds a
 * truly missing one).
 */
export async function readCheckedBlockAt(store: ChainStore, ctx: ChainContext, height: number, cache?: CheckedCache): Promise<Block | undefined> {
  const hash = await store.getCanonicalHash(height);
  if (!hash) return undefined;
  const found = await readCheckedBlock(store, ctx, hash, cache);
  if (!found) throw store.damaged(DbKey.block(hash), `is missing, though ${DbKey.height(height)} names it`);
  if (found.block.header.height !== height) throw store.damaged(DbKey.height(height), `names block ${toHex(hash).slice(0, 16)}… of height ${found.block.header.height}`);
  return found.block;
}

/** A canonical block's receipts, checked against its header. */
export async function readCheckedReceipts(store: ChainStore, hash: Uint8Array, header: BlockHeader | undefined, cache?: CheckedCache): Promise<Receipt[] | undefined> {
  const key = DbKey.receipts(hash);
  const receipts = await store.getReceipts(hash);
  if (!receipts || !header || cache?.receiptsChecked(key)) return receipts;
  if (!bytesEqual(computeReceiptRoot(receipts), header.receiptRoot)) throw store.damaged(key, "do not have the header's receipt root");
  cache?.addReceipts(key);
  return receipts;
}

/** Where a canonical transaction is, checked against the block it names. */
export async function readCheckedTxLocation(store: ChainStore, ctx: ChainContext, hash: Uint8Array, cache?: CheckedCache): Promise<{ blockHash: Uint8Array; index: number } | undefined> {
  const loc = await store.getTxLocation(hash);
  if (!loc) return undefined;
  const found = await readCheckedBlock(store, ctx, loc.blockHash, cache);
  const tx = found?.block.txs[loc.index];
  if (!tx || !bytesEqual(txHash(tx), hash)) throw store.damaged(DbKey.tx(hash), `points at position ${loc.index} of block ${toHex(loc.blockHash).slice(0, 16)}…, which does not hold it`);
  return loc;
}
