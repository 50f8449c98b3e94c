/**
 * How a running node meets a damaged store: reads refuse instead of serving (over RPC
 * too), a reorg refuses a damaged undo record instead of judging a branch on a wrong
 * state, the start check reads only the last N blocks, and repair's dry run and its
 * interruption marker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { headerHash } from '../../../../src/chain/block.ts';
import { toHex } from '../../../../src/chain/bytes.ts';
import { encode } from '../../../../src/chain/codec.ts';
import { Chain } from '../../../../src/node/chain/chain.ts';
import { repairStore } from '../../../../src/node/chain/repairStore.ts';
import { verifyStore } from '../../../../src/node/chain/verifyStore.ts';
import { ChainStore } from '../../../../src/node/store/chainStore.ts';
import { DbKey } from '../../../../src/node/store/layout.ts';
import { StoreError } from '../../../../src/node/store/storeError.ts';
import { createTestGenesis, generateChain, makeTempDir, openTestChain, removeDir, testKey } from '../../../helpers/testChain.ts';
import { rpcMethodsOf } from '../../../helpers/rpcMethods.ts';
import { snapshotFiles } from '../../../helpers/storeDamage.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function chainOf(n: number) {
  const { genesis } = createTestGenesis();
  const dir = await makeTempDir();
  cleanups.push(() => removeDir(dir));
  const tc = await openTestChain(genesis, dir);
  const blocks = await generateChain(tc.chain, n);
  await tc.close();
  return { genesis, dir, blocks, hashAt: (h: number) => headerHash(blocks[h - 1]!.header) };
}

async function put(dir: string, key: string, value: Uint8Array): Promise<void> {
  const store = await ChainStore.open(dir);
  await store.write([{ type: 'put', key, value }]);
  await store.close();
}

describe('a running node over a damaged store', () => {
  it('answers chain_block for a damaged block with CORRUPT naming the repair, and serves the intact ones', async () => {
    const { genesis, dir, hashAt, blocks } = await chainOf(6);
    await put(dir, DbKey.block(hashAt(2)), new Uint8Array([0x93, 0xc0, 0xc0, 0x90]));
    const chain = await Chain.open({ dbDir: dir, genesis, checkBlocks: 0 });
    cleanups.push(() => chain.close());
    const rpc = rpcMethodsOf(chain);
    await expect(Promise.resolve(rpc.chain_block!({ height: 2 }))).rejects.toMatchObject({ name: 'StoreError', code: 'CORRUPT', message: expect.stringContaining('tesnode repair') });
    expect(((await rpc.chain_block!({ height: 3 })) as { hash: string }).hash).toBe(toHex(headerHash(blocks[2]!.header)));
    expect(chain.fault?.code).toBe('CORRUPT');
  });

  it('refuses a reorg through a damaged undo record as a store fault, without marking the other branch invalid', async () => {
    const { genesis, dir, hashAt } = await chainOf(4);
    // A second branch from block 2, one block longer than ours.
    const other = await openTestChain(genesis);
    cleanups.push(() => other.destroy());
    const mine = await Chain.open({ dbDir: dir, genesis, checkBlocks: 0 });
    for (let h = 1; h <= 2; h++) await other.chain.importBlock((await mine.getBlockByHeight(h))!);
    await mine.close();
    const branch = await generateChain(other.chain, 3, undefined, { minerSecret: testKey('other-miner', 0).secret, stepMs: 1100 });
    // Block 4's undo record is replaced by block 3's: undoing it gives a wrong state.
    const store = await ChainStore.open(dir);
    await store.write([{ type: 'put', key: DbKey.undo(hashAt(4)), value: encode((await store.getUndo(hashAt(3)))!) }]);
    await store.close();

    const chain = await Chain.open({ dbDir: dir, genesis, checkBlocks: 0 });
    cleanups.push(() => chain.close());
    expect((await chain.importBlock(branch[0]!)).status).toBe('side');
    expect((await chain.importBlock(branch[1]!)).status).toBe('side');
    await expect(chain.importBlock(branch[2]!)).rejects.toBeInstanceOf(StoreError);
    expect(chain.head.header.height).toBe(4);
    for (const b of branch) expect((await chain.getIndex(headerHash(b.header)))?.status).not.toBe('invalid');
  });

  it('reads back the last N blocks at start: damage older than that opens, damage within refuses', async () => {
    const { genesis, dir, hashAt } = await chainOf(12);
    await put(dir, DbKey.receipts(hashAt(3)), new Uint8Array([0xc1]));
    await (await Chain.open({ dbDir: dir, genesis, checkBlocks: 8 })).close();
    await expect(Chain.open({ dbDir: dir, genesis, checkBlocks: 10 })).rejects.toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/height 3 receipts/) });
  });
});

describe('repair', () => {
  it('on a dry run says what it would do and changes no file', async () => {
    const { genesis, dir, hashAt } = await chainOf(6);
    await put(dir, DbKey.block(hashAt(5)), new Uint8Array([1]));
    const before = await snapshotFiles(dir);
    const r = await repairStore({ dbDir: dir, genesis, dryRun: true });
    expect(r).toMatchObject({ dryRun: true, action: 'rollback', removedBlocks: 0 });
    expect(r.before.lastIntactHeight).toBe(4);
    // LevelDB rotates its MANIFEST and logs on every open; the records stay as they were.
    const after = await snapshotFiles(dir);
    for (const f of Object.keys(before).filter((n) => n.endsWith('.ldb'))) expect(after[f]).toEqual(before[f]);
    expect((await verifyStore({ dbDir: dir, genesis })).damage).toEqual(r.before.damage);
  });

  it('leaves a marker while rebuilding: a node refuses to start until repair runs again', async () => {
    const { genesis, dir, hashAt } = await chainOf(5);
    await put(dir, DbKey.undo(hashAt(2)), new Uint8Array([0x90]));
    // What an interrupted rebuild leaves: the marker, and indexes half deleted.
    const store = await ChainStore.open(dir);
    await store.write([
      { type: 'put', key: DbKey.repairMarker, value: encode(5) },
      { type: 'del', key: DbKey.height(3) },
      { type: 'del', key: DbKey.receipts(hashAt(4)) },
    ]);
    await store.close();
    await expect(Chain.open({ dbDir: dir, genesis })).rejects.toMatchObject({ code: 'REPAIR_UNFINISHED', message: expect.stringContaining('tesnode repair') });
    const r = await repairStore({ dbDir: dir, genesis });
    expect(r.action).toBe('rebuild');
    expect(r.after.ok).toBe(true);
    const chain = await Chain.open({ dbDir: dir, genesis });
    expect(chain.head.header.height).toBe(5);
    await chain.close();
  });

  it('on a sound store does nothing', async () => {
    const { genesis, dir } = await chainOf(3);
    const r = await repairStore({ dbDir: dir, genesis });
    expect(r).toMatchObject({ action: 'none', filesRepaired: false, removedBlocks: 0 });
    expect(r.after.ok).toBe(true);
  });
});
