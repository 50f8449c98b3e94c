import { computeTxRoot, decodeBlock, decodeHeader, headerHash, isMinerSignatureValid } from '../../chain/block.ts';
import { bytesEqual, toHex } from '../../chain/bytes.ts';
import { computeReceiptRoot } from '../../chain/module/receipt.ts';
import { txHash } from '../../chain/tx.ts';
import { DbKey } from '../store/layout.ts';
import { readOrDamage, type Damage } from './storeDamage.ts';
import type { ChainStore, BlockIndexEntry } from '../store/chainStore.ts';
import type { ChainContext } from '../../chain/module/context.ts';
import type { Block, BlockHeader } from '../../chain/types.ts';

/** What reading back one canonical height found. */
export interface BlockRecords {
  readonly height: number;
  /** The block at this height, as well as it can be told (its child's parent link, else the height index). */
  readonly hash: Uint8Array | undefined;
  /** Its header, from the block or else from its index entry. */
  readonly header: BlockHeader | undefined;
  readonly index: BlockIndexEntry | undefined;
  /** The body reads back, hashes to `hash`, and its transactions and signature match the header. */
  readonly block: Block | undefined;
  readonly txHashes: readonly Uint8Array[];
  /** The undo record decoded (whether it is right is for the state-root walk to tell). */
  readonly undo: Array<[string, Uint8Array | null]> | undefined;
  readonly damage: Damage[];
}

/**
 * Reads back every record of the canonical block at `height`: the height index, the
 * index entry, the body (hash, tx root, miner signature), the receipts (their root
 * must be the header's receiptRoot), each transaction's location, and the undo record.
 * `expected` is the hash the block above names as its parent (the head hash at the top).
 */
export async function readBlockRecords(store: ChainStore, ctx: ChainContext, height: number, expected: Uint8Array | undefined): Promise<BlockRecords> {
  const damage: Damage[] = [];
  const heightKey = DbKey.height(height);
  const atHeight = await readOrDamage(damage, 'height', height, heightKey, () => store.getCanonicalHash(height));
  if (!atHeight && !damage.length) damage.push({ kind: 'height', height, key: heightKey, problem: 'missing' });
  if (atHeight && expected && !bytesEqual(atHeight, expected)) {
    damage.push({ kind: 'height', height, key: heightKey, problem: `names block ${toHex(atHeight).slice(0, 16)}…, but the chain above links to ${toHex(expected).slice(0, 16)}…` });
  }
  const hash = expected ?? atHeight;
  const none = { height, hash, header: undefined, index: undefined, block: undefined, txHashes: [], undo: undefined, damage };
  if (!hash) return none;

  const indexKey = DbKey.index(hash);
  let index = await readOrDamage(damage, 'index', height, indexKey, () => store.getIndex(hash));
  if (index === undefined && !damage.some((d) => d.key === indexKey)) damage.push({ kind: 'index', height, key: indexKey, problem: 'missing' });
  if (index && (index.height !== height || index.status !== 'applied')) {
    damage.push({ kind: 'index', height, key: indexKey, problem: `says height ${index.height}, status ${index.status}; a canonical block at ${height} is 'applied'` });
    index = undefined;
  }

  const blockKey = DbKey.block(hash);
  const block = await readBlock(store, ctx, height, hash, damage);
  const header = block?.header ?? (index ? decodeHeader(index.headerBytes) : undefined);
  const txHashes = block ? block.txs.map(txHash) : [];
  if (!block && !damage.some((d) => d.key === blockKey)) damage.push({ kind: 'block', height, key: blockKey, problem: 'missing' });

  let undo: BlockRecords['undo'];
  if (height > 0) {
    if (block) {
      await checkReceipts(store, height, hash, block, txHashes, damage);
      await checkTxLocations(store, height, hash, txHashes, damage);
    }
    const undoKey = DbKey.undo(hash);
    undo = await readOrDamage(damage, 'undo', height, undoKey, () => store.getUndo(hash));
    if (!undo && !damage.some((d) => d.key === undoKey)) damage.push({ kind: 'undo', height, key: undoKey, problem: 'missing' });
  }
  return { height, hash, header, index, block, txHashes, undo, damage };
}

async function readBlock(store: ChainStore, ctx: ChainContext, height: number, hash: Uint8Array, damage: Damage[]): Promise<Block | undefined> {
  const key = DbKey.block(hash);
  const bytes = await readOrDamage(damage, 'block', height, key, () => store.getBlockBytes(hash));
  if (!bytes) return undefined;
  const bad = (problem: string) => (damage.push({ kind: 'block', height, key, problem }), undefined);
  let block: Block;
  try {
    block = decodeBlock(bytes, ctx.modules);
  } catch (err) {
    return bad(`does not decode (${(err as Error).message})`);
  }
  if (!bytesEqual(headerHash(block.header), hash)) return bad('holds another block (its header hash differs from its key)');
  if (!bytesEqual(computeTxRoot(block.txs), block.header.txRoot)) return bad("its transactions do not match the header's tx root");
  if (height > 0 && !isMinerSignatureValid(block, hash)) return bad("the miner's signature does not verify");
  return block;
}

async function checkReceipts(store: ChainStore, height: number, hash: Uint8Array, block: Block, txHashes: readonly Uint8Array[], damage: Damage[]): Promise<void> {
  const key = DbKey.receipts(hash);
  const before = damage.length;
  const receipts = await readOrDamage(damage, 'receipts', height, key, () => store.getReceipts(hash));
  if (damage.length > before) return;
  if (!receipts) return void damage.push({ kind: 'receipts', height, key, problem: 'missing' });
  if (receipts.length !== block.txs.length) return void damage.push({ kind: 'receipts', height, key, problem: `${receipts.length} receipts for ${block.txs.length} transactions` });
  const root = computeReceiptRoot(receipts);
  if (!bytesEqual(root, block.header.receiptRoot) || receipts.some((r, i) => !bytesEqual(r.txHash, txHashes[i]!))) {
    damage.push({ kind: 'receipts', height, key, problem: `their root ${toHex(root).slice(0, 16)}… is not the header's receiptRoot ${toHex(block.header.receiptRoot).slice(0, 16)}…` });
  }
}

async function checkTxLocations(store: ChainStore, height: number, hash: Uint8Array, txHashes: readonly Uint8Array[], damage: Damage[]): Promise<void> {
  if (!txHashes.length) return;
  // One read for all of them; if one does not decode, read them one by one to say which.
  const all = await readOrDamage([], 'tx', height, '', () => store.getTxLocations(txHashes));
  for (let i = 0; i < txHashes.length; i++) {
    const key = DbKey.tx(txHashes[i]!);
    const before = damage.length;
    const loc = all ? all[i] : await readOrDamage(damage, 'tx', height, key, () => store.getTxLocation(txHashes[i]!));
    if (damage.length > before) continue;
    if (!loc) damage.push({ kind: 'tx', height, key, problem: `missing (transaction ${i} of the block)` });
    else if (!bytesEqual(loc.blockHash, hash) || loc.index !== i) {
      damage.push({ kind: 'tx', height, key, problem: `points at block ${toHex(loc.blockHash).slice(0, 16)}… position ${loc.index}, not this block's position ${i}` });
    }
  }
}
