import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../../src/chain/bytes.ts';
import { encode } from '../../../../src/chain/codec.ts';
import { ChainStore } from '../../../../src/node/store/chainStore.ts';
import { DbKey } from '../../../../src/node/store/layout.ts';
import { StoreError } from '../../../../src/node/store/storeError.ts';
import { accountKey } from '../../../../src/chain/state/keys.ts';
import { headerHash } from '../../../../src/chain/block.ts';
import { verifyStoredState } from '../../../../src/node/chain/verifyState.ts';
import { createTestGenesis, generateChain, makeTempDir, makeTransfer, openTestChain, removeDir } from '../../../helpers/testChain.ts';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await removeDir(dirs.pop()!);
});

/** A data directory holding a closed chain of `n` blocks with some transfers. */
async function chainDir(n = 3) {
  const { genesis, keys } = createTestGenesis();
  const dir = await makeTempDir();
  dirs.push(dir);
  const tc = await openTestChain(genesis, dir);
  const blocks = await generateChain(tc.chain, n, (i) => [makeTransfer(keys[1]!, keys[2]!, 10n, i)]);
  const expected = { root: toHex(tc.chain.acc.root()), keys: tc.chain.state.map.size, head: toHex(tc.chain.head.hash), height: tc.chain.head.header.height };
  await tc.close();
  return { dir, genesis, keys, blocks, expected };
}

describe('verifyStoredState', () => {
  it('reports OK for a chain directory, with the head, the recomputed root and an intact block store', async () => {
    const { dir, genesis, expected } = await chainDir();
    const r = await verifyStoredState(dir, genesis);
    expect(r.ok).toBe(true);
    expect(r.stateOk).toBe(true);
    expect(r.height).toBe(expected.height);
    expect(r.headHash).toBe(expected.head);
    expect(r.computedRoot).toBe(expected.root);
    expect(r.headerRoot).toBe(expected.root);
    expect(r.storedRoot).toBe(expected.root);
    expect(r.stateKeys).toBe(expected.keys);
    expect(r.store.ok).toBe(true);
    expect(r.store.blocks).toBe(expected.height + 1);
  });

  it('reports a mismatch after a state entry is changed, naming both roots', async () => {
    const { dir, genesis, keys, expected } = await chainDir();
    const store = await ChainStore.open(dir);
    await store.write([{ type: 'put', key: DbKey.state(accountKey(keys[3]!.id)), value: encode([1n, 0]) }]);
    await store.close();
    const r = await verifyStoredState(dir, genesis);
    expect(r.ok).toBe(false);
    expect(r.stateOk).toBe(false);
    expect(r.headerRoot).toBe(expected.root);
    expect(r.computedRoot).not.toBe(expected.root);
    expect(r.storedRoot).toBe(expected.root);
  });

  it('reports a mismatch when only the stored accumulator is damaged', async () => {
    const { dir, genesis, expected } = await chainDir(1);
    const store = await ChainStore.open(dir);
    const acc = (await store.get(DbKey.acc))!.slice();
    acc[0] = acc[0]! ^ 1;
    await store.write([{ type: 'put', key: DbKey.acc, value: acc }]);
    await store.close();
    const r = await verifyStoredState(dir, genesis);
    expect(r.ok).toBe(false);
    expect(r.computedRoot).toBe(expected.root);
    expect(r.storedRoot).not.toBe(expected.root);
  });

  it('is not OK over a damaged block store although the state matches its head', async () => {
    const { dir, genesis, blocks, expected } = await chainDir(3);
    const store = await ChainStore.open(dir);
    await store.write([{ type: 'put', key: DbKey.block(headerHash(blocks[1]!.header)), value: new Uint8Array([0x93, 1, 2, 3]) }]);
    await store.close();
    const r = await verifyStoredState(dir, genesis);
    expect(r.stateOk).toBe(true);
    expect(r.computedRoot).toBe(expected.root);
    expect(r.ok).toBe(false);
    expect(r.store.damage).toEqual([expect.objectContaining({ kind: 'block', height: 2 })]);
  });

  it('refuses an empty directory with NOT_INITIALISED, and creates nothing in it', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const { genesis } = createTestGenesis();
    await expect(verifyStoredState(dir, genesis)).rejects.toMatchObject({ code: 'NOT_INITIALISED' });
    await expect(verifyStoredState(dir, genesis)).rejects.toBeInstanceOf(StoreError);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a directory a running node holds with LOCKED', async () => {
    const { genesis } = createTestGenesis();
    const tc = await openTestChain(genesis);
    try {
      await expect(verifyStoredState(tc.dir, genesis)).rejects.toMatchObject({ code: 'LOCKED' });
    } finally {
      await tc.destroy();
    }
  });
});
