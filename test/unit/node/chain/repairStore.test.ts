/**
 * Damage to a stopped node's real LevelDB directory, one kind at a time: records
 * replaced or deleted through the store, bytes flipped in table files, files truncated
 * or deleted, a damaged log record. Each must be found by verify-store, refused at start
 * (and, with the start check off, refused when read rather than served), and repaired
 * to the state root of a node that never crashed: the repaired node, given the blocks
 * it lost by that node as a peer would give them, ends at the same head and root.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerHash } from '../../../../src/chain/block.ts';
import { toHex } from '../../../../src/chain/bytes.ts';
import { encode } from '../../../../src/chain/codec.ts';
import { txHash } from '../../../../src/chain/tx.ts';
import { accountKey } from '../../../../src/chain/state/keys.ts';
import { Chain } from '../../../../src/node/chain/chain.ts';
import { repairStore } from '../../../../src/node/chain/repairStore.ts';
import { verifyStore, type RepairAction } from '../../../../src/node/chain/verifyStore.ts';
import { ChainStore, encodeIndex, encodeTxLocation } from '../../../../src/node/store/chainStore.ts';
import { DbKey } from '../../../../src/node/store/layout.ts';
import { StoreError } from '../../../../src/node/store/storeError.ts';
import { openTestChain, removeDir } from '../../../helpers/testChain.ts';
import { buildStoredChain, copyStore, findBytes, overwrite, snapshotFiles, tableFiles, type StoredChain } from '../../../helpers/storeDamage.ts';
import { prng } from '../../../helpers/prng.ts';
import { join } from 'node:path';
import { rm, stat, truncate } from 'node:fs/promises';
import type { DamageKind } from '../../../../src/node/chain/storeDamage.ts';

let stored: StoredChain;
let logged: StoredChain;
const dirs: string[] = [];
beforeAll(async () => {
  stored = await buildStoredChain();
  logged = await buildStoredChain({ flushLast: false });
}, 60_000);
afterAll(async () => {
  for (const d of [stored?.dir, logged?.dir, ...dirs]) if (d) await removeDir(d);
});

const hashAt = (c: StoredChain, h: number) => headerHash(c.blocks[h - 1]!.header);

/** Writes through the store of a closed directory, as a bug or a bad disk might. */
async function writeRecords(dir: string, ops: (store: ChainStore) => Promise<Parameters<ChainStore['write']>[0]>): Promise<void> {
  const store = await ChainStore.open(dir);
  try {
    await store.write(await ops(store));
  } finally {
    await store.close();
  }
}

interface Case {
  name: string;
  chain?: () => StoredChain;
  damage: (dir: string, c: StoredChain) => Promise<void>;
  /** A damage entry verify-store must report. */
  found?: { kind: DamageKind; height?: number };
  action?: RepairAction;
  /** Refused before LevelDB opens: the directory's files must not change. */
  refusedUntouched?: boolean;
  /** A read that must be refused (not served) when the node starts without the start check. */
  served?: (chain: Chain, c: StoredChain) => Promise<unknown>;
}

const cases: Case[] = [
  {
    name: 'a block body replaced by garbage',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.block(hashAt(c, 20)), value: new Uint8Array([0x93, 1, 2, 3]) }]),
    found: { kind: 'block', height: 20 },
    action: 'rollback',
    served: (chain) => chain.getBlockByHeight(20),
  },
  {
    name: 'a block body deleted',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'del', key: DbKey.block(hashAt(c, 30)) }]),
    found: { kind: 'block', height: 30 },
    action: 'rollback',
    served: (chain) => chain.getBlockByHeight(30),
  },
  {
    name: "a block body holding another block",
    damage: (dir, c) => writeRecords(dir, async (s) => [{ type: 'put', key: DbKey.block(hashAt(c, 8)), value: (await s.getBlockBytes(hashAt(c, 9)))! }]),
    found: { kind: 'block', height: 8 },
    action: 'rollback',
    served: (chain, c) => chain.getBlockBytes(hashAt(c, 8)),
  },
  {
    name: "an index entry holding another block's header",
    damage: (dir, c) => writeRecords(dir, async (s) => [{ type: 'put', key: DbKey.index(hashAt(c, 25)), value: encodeIndex((await s.getIndex(hashAt(c, 26)))!) }]),
    found: { kind: 'index', height: 25 },
    action: 'rebuild',
    served: (chain, c) => chain.getCanonicalHash(25).then(() => chain.store.getIndex(hashAt(c, 25))),
  },
  {
    name: 'an undo record replaced by the next block’s',
    damage: (dir, c) => writeRecords(dir, async (s) => [{ type: 'put', key: DbKey.undo(hashAt(c, 15)), value: encode((await s.getUndo(hashAt(c, 16)))!) }]),
    found: { kind: 'undo', height: 15 },
    action: 'rebuild',
  },
  {
    name: 'an undo record deleted',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'del', key: DbKey.undo(hashAt(c, 5)) }]),
    found: { kind: 'undo', height: 5 },
    action: 'rebuild',
  },
  {
    name: "receipts replaced by the next block's",
    damage: (dir, c) => writeRecords(dir, async (s) => [{ type: 'put', key: DbKey.receipts(hashAt(c, 10)), value: (await s.get(DbKey.receipts(hashAt(c, 11))))! }]),
    found: { kind: 'receipts', height: 10 },
    action: 'rebuild',
    served: (chain, c) => chain.getReceipts(hashAt(c, 10)),
  },
  {
    name: 'receipts that do not decode',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.receipts(hashAt(c, 3)), value: new Uint8Array([0xc1]) }]),
    found: { kind: 'receipts', height: 3 },
    action: 'rebuild',
    served: (chain, c) => chain.getReceipts(hashAt(c, 3)),
  },
  {
    name: 'a height index deleted',
    damage: (dir) => writeRecords(dir, async () => [{ type: 'del', key: DbKey.height(33) }]),
    found: { kind: 'height', height: 33 },
    action: 'rebuild',
  },
  {
    name: 'a height index naming another block',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.height(17), value: hashAt(c, 18) }]),
    found: { kind: 'height', height: 17 },
    action: 'rebuild',
    served: (chain) => chain.getBlockByHeight(17),
  },
  {
    name: 'a transaction location pointing at another block',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.tx(txHash(c.blocks[11]!.txs[0]!)), value: encodeTxLocation(hashAt(c, 13), 0) }]),
    found: { kind: 'tx', height: 12 },
    action: 'rebuild',
    served: (chain, c) => chain.getTxLocation(txHash(c.blocks[11]!.txs[0]!)),
  },
  {
    name: 'a stray height index above the head',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.height(c.headHeight + 3), value: hashAt(c, 2) }]),
    found: { kind: 'stray' },
    action: 'rebuild',
  },
  {
    name: 'a state entry changed',
    damage: (dir, c) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.state(accountKey(c.keys[2]!.id)), value: encode([1n, 0]) }]),
    found: { kind: 'state' },
    action: 'rebuild',
  },
  {
    name: 'the stored accumulator damaged',
    damage: (dir) => writeRecords(dir, async () => [{ type: 'put', key: DbKey.acc, value: new Uint8Array(2048) }]),
    found: { kind: 'meta' },
    action: 'rollback',
  },
  {
    name: "bytes flipped in a table file: a block's miner signature",
    async damage(dir, c) {
      const at = (await findBytes(dir, c.blocks[21]!.sig))!;
      expect(at.file).toMatch(/\.ldb$/);
      await overwrite(join(dir, at.file), at.offset + 10, new Uint8Array([c.blocks[21]!.sig[10]! ^ 0x40]));
    },
    found: { kind: 'block', height: 22 },
    served: (chain) => chain.getBlockByHeight(22),
  },
  {
    name: '4 KiB of random bytes written into the middle of a table file',
    async damage(dir) {
      const file = join(dir, (await tableFiles(dir)).at(-1)!);
      const random = prng(18);
      await overwrite(file, Math.floor((await stat(file)).size / 3), Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    },
  },
  {
    name: 'a table file truncated',
    damage: async (dir) => {
      const file = join(dir, (await tableFiles(dir)).at(-1)!);
      await truncate(file, Math.floor((await stat(file)).size / 2));
    },
    found: { kind: 'file' },
    action: 'files',
    refusedUntouched: true,
  },
  {
    name: 'a table file deleted',
    damage: async (dir) => rm(join(dir, (await tableFiles(dir)).at(-1)!)),
    found: { kind: 'file' },
    action: 'files',
    refusedUntouched: true,
  },
  {
    name: 'a record in the middle of the write-ahead log damaged',
    chain: () => logged,
    async damage(dir, c) {
      const at = (await findBytes(dir, c.blocks[c.blocks.length - 8]!.sig))!;
      expect(at.file).toMatch(/\.log$/);
      await overwrite(join(dir, at.file), at.offset, new Uint8Array(8));
    },
    found: { kind: 'file' },
    action: 'files',
    refusedUntouched: true,
  },
];

describe('a damaged block store is found, refused and repaired to the undamaged state root', () => {
  it.each(cases)('$name', async (k) => {
    const c = k.chain?.() ?? stored;
    const dir = await copyStore(c);
    dirs.push(dir);
    await k.damage(dir, c);

    // Found, with what and where.
    const report = await verifyStore({ dbDir: dir, genesis: c.genesis });
    expect(report.ok).toBe(false);
    if (k.found) expect(report.damage).toContainEqual(expect.objectContaining(k.found));
    if (k.action) expect(report.repair).toBe(k.action);

    // Refused at start, with a message naming the repair; a refusal before LevelDB opens changes no file.
    const files = await snapshotFiles(dir);
    if (k.found?.kind !== 'stray') {
      const err = await Chain.open({ dbDir: dir, genesis: c.genesis }).then(
        async (chain) => (await chain.close(), undefined),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 'CORRUPT', message: expect.stringContaining('tesnode repair') });
      if (k.refusedUntouched) expect(await snapshotFiles(dir)).toEqual(files);
    }

    // With the start check off (damage older than the blocks it reads), the damaged record is refused, never served.
    if (k.served) {
      const chain = await Chain.open({ dbDir: dir, genesis: c.genesis, checkBlocks: 0 });
      try {
        const faults: StoreError[] = [];
        chain.on('fault', (e) => faults.push(e));
        await expect(k.served(chain, c)).rejects.toMatchObject({ name: 'StoreError', code: 'CORRUPT' });
        expect(faults).toHaveLength(1);
        // …and the node builds nothing more on it.
        await expect(chain.importBlock(c.blocks[0]!)).rejects.toMatchObject({ code: 'CORRUPT' });
      } finally {
        await chain.close();
      }
    }

    // Repaired: the state root of the never-crashed node at the repaired height, and
    // after taking the lost blocks again (as from a peer), its head and root.
    const repair = await repairStore({ dbDir: dir, genesis: c.genesis });
    expect(repair.after.damage).toEqual([]);
    expect(repair.after.ok).toBe(true);
    const tc = await openTestChain(c.genesis, dir);
    try {
      const height = tc.chain.head.header.height;
      expect(toHex(tc.chain.acc.root())).toBe(c.roots[height]);
      if (height > 0) expect(toHex(tc.chain.head.hash)).toBe(toHex(hashAt(c, height)));
      for (const b of c.blocks.slice(height)) expect((await tc.chain.importBlock(b)).status).toBe('head');
      expect(tc.chain.head.header.height).toBe(c.headHeight);
      expect(toHex(tc.chain.acc.root())).toBe(c.roots[c.headHeight]);
    } finally {
      await tc.close();
    }
    expect((await verifyStore({ dbDir: dir, genesis: c.genesis })).ok).toBe(true);
  });
});
