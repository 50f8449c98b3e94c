import { decodeBlock, encodeBlock, encodeHeader } from '../../chain/block.ts';
import { bytesEqual } from '../../chain/bytes.ts';
import { BlockError } from '../../chain/chainError.ts';
import { encode } from '../../chain/codec.ts';
import { accumulateState, createGenesisBlock, createGenesisState, type Genesis } from '../../chain/genesis.ts';
import { getMinerCredit } from '../../chain/state/accounts.ts';
import { applyBlock } from '../../chain/stf/applyBlock.ts';
import { txHash } from '../../chain/tx.ts';
import { validateWork } from '../../consensus/validateBlock.ts';
import { encodeIndex, type BlockIndexEntry, type ChainStore, type StoreOp } from '../store/chainStore.ts';
import { DbKey, SCHEMA_VERSION } from '../store/layout.ts';
import { blockWritesOps } from './blockWrites.ts';
import { requireRootsMatch } from './rootsMatch.ts';
import { genesisContext, type StoreInspection } from './verifyStore.ts';

/** Records written per batch while rebuilding. */
const BATCH = 20_000;

/**
 * Rebuilds everything the store derives from blocks (bitcoind's -reindex-chainstate):
 * replays the canonical blocks from genesis to `target` through the state transition,
 * checking each block's work and state and receipt roots, and rewrites every index
 * entry, undo record, receipt list, height and transaction location, then the state,
 * the accumulator and the head. Blocks above the target are removed, so the node
 * fetches them again from its peers. Records are rewritten in batches under a marker
 * (`m/repair`): a node refuses to start until an interrupted rebuild is run again.
 * Returns the height the head ends at (below `target` only if a stored block fails).
 */
export async function rebuildFromBlocks(store: ChainStore, genesis: Genesis, inspection: StoreInspection, target: number, onHeight?: (h: number, of: number) => void): Promise<number> {
  const { ctx, genesisHash } = genesisContext(genesis);
  const { hashes, headHeight, report } = inspection;
  await store.write([{ type: 'put', key: DbKey.repairMarker, value: encode(target) }]);

  // What is derived from blocks goes, and so does every record found damaged or stray.
  for (const prefix of ['u/', 'r/', 'h/', 't/']) await deleteKeys(store, store.keys(prefix));
  const drop = new Set<string>();
  for (let h = target + 1; h <= headHeight; h++) {
    const hash = hashes.get(h);
    if (hash) [DbKey.block(hash), DbKey.index(hash)].forEach((k) => drop.add(k));
  }
  for (const d of report.damage) if (d.key && /^[bi]\/[0-9a-f]{64}$/.test(d.key) && d.height === undefined) drop.add(d.key);
  for (const d of report.damage) if (d.key && d.kind === 'stray' && !d.key.startsWith('s/')) drop.add(d.key);
  drop.delete(DbKey.repairMarker);

  // Genesis comes from the genesis file, so even a damaged genesis record is rewritten.
  const state = createGenesisState(genesis);
  let acc = accumulateState(state);
  const gBlock = createGenesisBlock(genesis, acc.root());
  let ops: StoreOp[] = [...[...drop].map((key): StoreOp => ({ type: 'del', key }))];
  const gIndex: BlockIndexEntry = { height: 0, parentHash: gBlock.header.parentHash, cumulativeWork: 0n, status: 'applied', headerBytes: encodeHeader(gBlock.header) };
  ops.push(
    { type: 'put', key: DbKey.block(genesisHash), value: encodeBlock(gBlock) },
    { type: 'put', key: DbKey.index(genesisHash), value: encodeIndex(gIndex) },
    { type: 'put', key: DbKey.height(0), value: genesisHash },
    { type: 'put', key: DbKey.genesis, value: genesisHash },
    { type: 'put', key: DbKey.schema, value: encode(SCHEMA_VERSION) },
  );

  let work = 0n;
  let head = 0;
  for (let h = 1; h <= target; h++) {
    const hash = hashes.get(h)!;
    try {
      const block = decodeBlock((await store.getBlockBytes(hash))!, ctx.modules);
      // The body hashed to its key and matched its tx root when the inspection read it: the
      // block is the one that was validated on import, so signatures are not checked again.
      const txHashes = block.txs.map(txHash);
      work += validateWork(hash, block.header, getMinerCredit(state, block.header.miner), ctx);
      const result = applyBlock(state, acc, block, ctx, txHashes);
      requireRootsMatch(block.header, result);
      const index: BlockIndexEntry = { height: h, parentHash: block.header.parentHash, cumulativeWork: work, status: 'applied', headerBytes: encodeHeader(block.header) };
      ops.push(...blockWritesOps({ block, hash, txHashes }, index, result.changes, result.receipts));
      state.applyWrites(result.changes.map((c) => [c.key, c.value] as const));
      acc = result.acc;
      head = h;
    } catch (err) {
      if (!(err instanceof BlockError)) throw err;
      // A stored block the state transition refuses cannot be kept: the chain ends below it.
      for (let above = h; above <= target; above++) {
        const bad = hashes.get(above);
        if (bad) ops.push({ type: 'del', key: DbKey.block(bad) }, { type: 'del', key: DbKey.index(bad) });
      }
      break;
    }
    if (ops.length >= BATCH) {
      await store.write(ops);
      ops = [];
    }
    onHeight?.(h, target);
  }

  // The state: rewrite what differs, delete what should not be there.
  const seen = new Set<string>();
  for await (const [key, value] of store.iterateState()) {
    const want = state.map.get(key);
    seen.add(key);
    if (!want) ops.push({ type: 'del', key: DbKey.state(key) });
    else if (!bytesEqual(want, value)) ops.push({ type: 'put', key: DbKey.state(key), value: want });
  }
  for (const [key, value] of state.map) if (!seen.has(key)) ops.push({ type: 'put', key: DbKey.state(key), value });
  ops.push({ type: 'put', key: DbKey.head, value: head === 0 ? genesisHash : hashes.get(head)! }, { type: 'put', key: DbKey.acc, value: acc.toBytes() }, { type: 'del', key: DbKey.repairMarker });
  await store.write(ops);
  return head;
}

async function deleteKeys(store: ChainStore, keys: AsyncIterable<string>): Promise<void> {
  let ops: StoreOp[] = [];
  for await (const key of keys) {
    ops.push({ type: 'del', key });
    if (ops.length >= BATCH) {
      await store.write(ops);
      ops = [];
    }
  }
  if (ops.length) await store.write(ops);
}
