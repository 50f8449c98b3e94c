import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../../src/chain/bytes.ts';
import { createDraftHeader, encodeHeader, headerHash } from '../../../../src/chain/block.ts';
import { ChainStore, encodeIndex, encodeUndo, type BlockIndexEntry, type StoreOp } from '../../../../src/node/store/chainStore.ts';
import { DbKey } from '../../../../src/node/store/layout.ts';
import { StoreError } from '../../../../src/node/store/storeError.ts';
import { makeTempDir, removeDir } from '../../../helpers/testChain.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openStore(): Promise<ChainStore> {
  const dir = await makeTempDir();
  const store = await ChainStore.open(dir);
  cleanups.push(() => removeDir(dir));
  cleanups.push(() => store.close().catch(() => undefined));
  return store;
}

const h = (i: number) => new Uint8Array(32).fill(i);

describe('ChainStore', () => {
  it('refuses a second opener of the same directory with LOCKED, naming the fix', async () => {
    const store = await openStore();
    await expect(ChainStore.open(store.dir)).rejects.toSatisfy((e: unknown) => e instanceof StoreError && e.code === 'LOCKED' && e.message.includes('--datadir'));
  });

  it('keeps index entries exactly, including work beyond 64 bits and the reason of an invalid block', async () => {
    const store = await openStore();
    const headers = [7, 8].map((height, i) => createDraftHeader({ height, timestamp: 1_000 * height, parentHash: h(i + 1) }));
    const entries: BlockIndexEntry[] = [
      { height: 7, parentHash: h(1), cumulativeWork: (1n << 200n) + 12345n, status: 'applied', headerBytes: encodeHeader(headers[0]!) },
      { height: 8, parentHash: h(2), cumulativeWork: 0n, status: 'invalid', reason: 'bad state root', headerBytes: encodeHeader(headers[1]!) },
    ];
    await store.write(entries.map((e, i): StoreOp => ({ type: 'put', key: DbKey.index(headerHash(headers[i]!)), value: encodeIndex(e) })));
    expect(await store.getIndex(headerHash(headers[0]!))).toEqual(entries[0]);
    expect(await store.getIndex(headerHash(headers[1]!))).toEqual(entries[1]);
    expect(await store.getIndex(h(12))).toBeUndefined();
  });

  it('refuses an index entry whose header is not the block its key names, or that does not decode, as CORRUPT', async () => {
    const store = await openStore();
    const header = createDraftHeader({ height: 3, timestamp: 3_000, parentHash: h(1) });
    const entry: BlockIndexEntry = { height: 3, parentHash: h(1), cumulativeWork: 1n, status: 'applied', headerBytes: encodeHeader(header) };
    await store.write([
      { type: 'put', key: DbKey.index(h(20)), value: encodeIndex(entry) },
      { type: 'put', key: DbKey.index(h(21)), value: new Uint8Array([0xc1]) },
    ]);
    for (const key of [h(20), h(21)]) await expect(store.getIndex(key)).rejects.toMatchObject({ name: 'StoreError', code: 'CORRUPT', message: expect.stringContaining('tesnode repair') });
  });

  it('keeps undo records with deletions as null', async () => {
    const store = await openStore();
    await store.write([{ type: 'put', key: DbKey.undo(h(1)), value: encodeUndo([{ key: 'a/01', prev: new Uint8Array([9]) }, { key: 'a/02', prev: null }]) }]);
    const undo = await store.getUndo(h(1));
    expect(undo!.map(([k, v]) => [k, v && toHex(v)])).toEqual([['a/01', '09'], ['a/02', null]]);
  });

  it('iterates exactly the state entries, in key order', async () => {
    const store = await openStore();
    await store.write([
      { type: 'put', key: DbKey.state('b/2'), value: new Uint8Array([2]) },
      { type: 'put', key: DbKey.state('a/1'), value: new Uint8Array([1]) },
      { type: 'put', key: DbKey.state('x/supply'), value: new Uint8Array([3]) },
      { type: 'put', key: 's0', value: new Uint8Array([4]) }, // not a state key: right after the prefix range
      { type: 'put', key: 'r/abc', value: new Uint8Array([5]) },
      { type: 'put', key: DbKey.head, value: h(1) },
    ]);
    const seen: string[] = [];
    for await (const [k] of store.iterateState()) seen.push(k);
    expect(seen).toEqual(['a/1', 'b/2', 'x/supply']);
  });

  it('writes a batch all or nothing', async () => {
    const store = await openStore();
    const bad = [
      { type: 'put', key: 'a', value: new Uint8Array([1]) },
      { type: 'put', key: 'b', value: undefined },
    ] as unknown as StoreOp[];
    await expect(store.write(bad)).rejects.toThrow();
    expect(await store.get('a')).toBeUndefined();
  });

  it('zero-pads heights so canonical hashes sort by height', () => {
    expect(DbKey.height(7)).toBe('h/0000000007');
    expect(DbKey.height(12) > DbKey.height(9)).toBe(true);
  });
});
