import { BLOCK_VERSION } from '../../../../src/chain/block.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { toHex, bytesEqual } from '../../../../src/chain/bytes.ts';
import { BlockError } from '../../../../src/chain/chainError.ts';
import { Chain } from '../../../../src/node/chain/chain.ts';
import { computeTxRoot, headerHash } from '../../../../src/chain/block.ts';
import { ChainStore } from '../../../../src/node/store/chainStore.ts';
import { DbKey } from '../../../../src/node/store/layout.ts';
import { StoreError } from '../../../../src/node/store/storeError.ts';
import { accountKey } from '../../../../src/chain/state/keys.ts';
import { encode } from '../../../../src/chain/codec.ts';
import { accumulateState } from '../../../../src/chain/genesis.ts';
import { txHash } from '../../../../src/chain/tx.ts';
import { medianTimePast } from '../../../../src/consensus/validateBlock.ts';
import {
  EASY_TARGET,
  balanceOf,
  buildBlock,
  createTestGenesis,
  generateChain,
  genesisHashOf,
  makeTempDir,
  makeTransfer,
  mineBlock,
  openTestChain,
  removeDir,
  testKey,
  type BlockOptions,
  type TestChain,
  type TestKey,
} from '../../../helpers/testChain.ts';
import type { Genesis } from '../../../../src/chain/genesis.ts';
import type { Block } from '../../../../src/chain/types.ts';

const miner = testKey('chain-miner', 0);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(genesis: Genesis, dir?: string): Promise<TestChain> {
  const tc = await openTestChain(genesis, dir);
  cleanups.push(() => tc.destroy());
  return tc;
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => removeDir(dir));
  return dir;
}

async function rejection(p: Promise<unknown>): Promise<BlockError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BlockError);
    return err as BlockError;
  }
  throw new Error('expected a BlockError, the block was imported');
}

async function storeError(p: Promise<unknown>): Promise<StoreError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected a StoreError, the directory was opened');
}

describe('Chain import', () => {
  it('extends the head block by block, with cumulative work 2^256/target per block', async () => {
    const { genesis } = createTestGenesis();
    const { chain, heads } = await open(genesis);
    expect(chain.head.header.height).toBe(0);
    expect(toHex(chain.head.hash)).toBe(toHex(genesisHashOf(genesis)));
    const blocks = await generateChain(chain, 3);
    expect(chain.head.header.height).toBe(3);
    expect(toHex(chain.head.hash)).toBe(toHex(headerHash(blocks[2]!.header)));
    expect(chain.head.work).toBe(3n * ((1n << 256n) / EASY_TARGET));
    expect(heads.map((h) => h.head.header.height)).toEqual([1, 2, 3]);
    expect(heads.every((h) => h.disconnected.length === 0 && h.connected.length === 1)).toBe(true);
    for (let i = 1; i <= 3; i++) expect(await chain.getBlockByHeight(i)).toEqual(blocks[i - 1]);
    expect(await chain.getBlockByHeight(4)).toBeUndefined();
    expect(toHex(chain.acc.root())).toBe(toHex(blocks[2]!.header.stateRoot));
    expect(toHex(accumulateState(chain.state).root())).toBe(toHex(chain.acc.root()));
  });

  it('applies transactions, pays the miner and indexes transactions and receipts', async () => {
    const { genesis, keys } = createTestGenesis({ params: { blockReward: 1_000n, communitySharePercent: 10 } });
    const [, a, b] = keys;
    const { chain } = await open(genesis);
    const ok = makeTransfer(a!, b!, 5_000n, 0);
    const over = makeTransfer(a!, b!, 10n ** 12n, 1);
    const [block] = await generateChain(chain, 1, () => [ok, over], { minerSecret: miner.secret });
    const hash = headerHash(block!.header);
    expect(balanceOf(chain.state, a!)).toBe(genesis.alloc[1]!.balance - 5_000n - 200n);
    expect(balanceOf(chain.state, b!)).toBe(genesis.alloc[2]!.balance + 5_000n);
    expect(balanceOf(chain.state, miner)).toBe(1_080n); // (1,000 + 200) minus 10%
    const receipts = await chain.store.getReceipts(hash);
    expect(receipts!.map((r) => r.error)).toEqual(['', 'INSUFFICIENT_FUNDS']);
    const loc = await chain.store.getTxLocation(txHash(over));
    expect(toHex(loc!.blockHash)).toBe(toHex(hash));
    expect(loc!.index).toBe(1);
  });

  it('mines what the mempool holds through the block template, and the mempool follows the head', async () => {
    const { genesis, keys } = createTestGenesis();
    const { chain, mempool } = await open(genesis);
    const tx = makeTransfer(keys[1]!, keys[2]!, 1n, 0);
    mempool.add(tx, chain.state, { height: 1, timestamp: genesis.timestamp + 1000 });
    const block = await mineBlock(chain, mempool, miner.secret);
    expect(block.txs.map((t) => toHex(txHash(t)))).toEqual([toHex(txHash(tx))]);
    expect((await chain.importBlock(block)).status).toBe('head');
    expect(mempool.size).toBe(0);
  });

  it('reports a block it already has as known, without applying it twice', async () => {
    const { genesis, keys } = createTestGenesis();
    const { chain } = await open(genesis);
    const [block] = await generateChain(chain, 1, () => [makeTransfer(keys[1]!, keys[2]!, 7n, 0)]);
    const root = toHex(chain.acc.root());
    expect((await chain.importBlock(block!)).status).toBe('known');
    expect(toHex(chain.acc.root())).toBe(root);
    expect(chain.head.header.height).toBe(1);
  });

  it('takes the same block delivered twice at once only once (imports are serialised)', async () => {
    const { genesis, keys } = createTestGenesis();
    const { chain } = await open(genesis);
    const block = await mineBlock(chain, undefined, miner.secret, { txs: [makeTransfer(keys[1]!, keys[2]!, 3n, 0)] });
    const results = await Promise.all([chain.importBlock(block), chain.importBlock(block)]);
    expect(results.map((r) => r.status)).toEqual(['head', 'known']);
    expect(balanceOf(chain.state, keys[2]!)).toBe(genesis.alloc[2]!.balance + 3n);
  });

  it('imports encoded bytes from a peer', async () => {
    const { genesis } = createTestGenesis();
    const source = await open(genesis);
    const sink = await open(genesis);
    const blocks = await generateChain(source.chain, 2);
    for (const b of blocks) {
      const bytes = (await source.chain.store.getBlockBytes(headerHash(b.header)))!;
      expect((await sink.chain.importBlockBytes(bytes)).status).toBe('head');
    }
    expect(toHex(sink.chain.head.hash)).toBe(toHex(source.chain.head.hash));
  });
});

describe('Chain restart', () => {
  it('close and open keeps the head, the work, the state and its root, and mining continues', async () => {
    const { genesis, keys } = createTestGenesis();
    const dir = await tempDir();
    const first = await openTestChain(genesis, dir);
    await generateChain(first.chain, 4, (i) => [makeTransfer(keys[1]!, keys[2]!, BigInt(i + 1), i)]);
    const head = first.chain.head;
    const state = new Map(first.chain.state.map);
    const root = toHex(first.chain.acc.root());
    await first.close();

    const second = await openTestChain(genesis, dir);
    cleanups.push(() => second.close());
    expect(toHex(second.chain.head.hash)).toBe(toHex(head.hash));
    expect(second.chain.head.work).toBe(head.work);
    expect(second.chain.head.header).toEqual(head.header);
    expect(second.chain.state.map).toEqual(state);
    expect(toHex(second.chain.acc.root())).toBe(root);
    await generateChain(second.chain, 1, () => [makeTransfer(keys[1]!, keys[2]!, 1n, 4)]);
    expect(second.chain.head.header.height).toBe(5);
  });

  it('refuses a directory of another genesis with WRONG_CHAIN, naming the fix', async () => {
    const { genesis } = createTestGenesis();
    const dir = await tempDir();
    const tc = await openTestChain(genesis, dir);
    await generateChain(tc.chain, 1);
    await tc.close();
    const other = createTestGenesis({ params: { minFee: 101n } }).genesis;
    const err = await storeError(Chain.open({ dbDir: dir, genesis: other }));
    expect(err.code).toBe('WRONG_CHAIN');
    expect(err.message).toContain('--datadir');
    // The directory is left as it was: the right genesis still opens it.
    const again = await openTestChain(genesis, dir);
    expect(again.chain.head.header.height).toBe(1);
    await again.close();
  });

  it('refuses a directory whose state was changed behind its back with CORRUPT', async () => {
    const { genesis, keys } = createTestGenesis();
    const dir = await tempDir();
    const tc = await openTestChain(genesis, dir);
    await generateChain(tc.chain, 2);
    await tc.close();
    const store = await ChainStore.open(dir);
    await store.write([{ type: 'put', key: DbKey.state(accountKey(keys[1]!.id)), value: encode([10n ** 15n, 0]) }]);
    await store.close();
    const err = await storeError(Chain.open({ dbDir: dir, genesis }));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain('tesnode repair');
  });

  it('refuses a directory with a deleted state entry or a stray one with CORRUPT', async () => {
    const { genesis, keys } = createTestGenesis();
    for (const op of [
      { type: 'del' as const, key: DbKey.state(accountKey(keys[2]!.id)) },
      { type: 'put' as const, key: DbKey.state('a/00'), value: encode([1n, 0]) },
    ]) {
      const dir = await tempDir();
      const tc = await openTestChain(genesis, dir);
      await generateChain(tc.chain, 1);
      await tc.close();
      const store = await ChainStore.open(dir);
      await store.write([op]);
      await store.close();
      expect((await storeError(Chain.open({ dbDir: dir, genesis }))).code).toBe('CORRUPT');
    }
  });
});

describe('Chain rejects invalid blocks with their code, and the head does not move', () => {
  type Case = { name: string; code: string; make: (tc: TestChain, keys: TestKey[]) => Promise<Block> };
  const mine = (tc: TestChain, opts: BlockOptions) => mineBlock(tc.chain, undefined, miner.secret, opts);
  const cases: Case[] = [
    { name: 'no proof of work', code: 'BAD_POW', make: (tc) => mine(tc, { pow: 'invalid' }) },
    { name: 'a wrong state root', code: 'BAD_STATE_ROOT', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, stateRoot: new Uint8Array(32).fill(9) }) }) },
    {
      name: 'a tx root that does not match the transactions',
      code: 'BAD_TX_ROOT',
      make: (tc, keys) => mine(tc, { txs: [makeTransfer(keys[1]!, keys[2]!, 1n, 0)], mutate: (h) => ({ ...h, txRoot: computeTxRoot([]) }) }),
    },
    {
      name: 'a miner signature that does not match',
      code: 'BAD_MINER_SIG',
      make: async (tc) => {
        const b = await mine(tc, {});
        const sig = b.sig.slice();
        sig[0] = sig[0]! ^ 1;
        return { ...b, sig };
      },
    },
    { name: 'a height that does not follow the parent', code: 'BAD_HEIGHT', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, height: h.height + 1 }) }) },
    { name: 'a timestamp at the median time past', code: 'TIME_TOO_OLD', make: async (tc) => mine(tc, { timestamp: await mtp(tc) }) },
    { name: 'a base target off the ASERT schedule', code: 'BAD_TARGET', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, baseTarget: h.baseTarget / 2n }) }) },
    { name: 'a base target easier than maxTarget', code: 'BAD_TARGET', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, baseTarget: EASY_TARGET + 1n }) }) },
    { name: 'an unknown header version', code: 'BAD_VERSION', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, version: BLOCK_VERSION + 1 }) }) },
    { name: 'a transaction with a wrong nonce', code: 'INVALID_TX', make: (tc, keys) => mine(tc, { txs: [makeTransfer(keys[1]!, keys[2]!, 1n, 5)] }) },
    {
      name: 'a transaction with a bad signature',
      code: 'INVALID_TX',
      make: (tc, keys) => {
        const tx = makeTransfer(keys[1]!, keys[2]!, 1n, 0);
        return mine(tc, { txs: [{ ...tx, payload: { ...tx.payload, amount: 2n } }] });
      },
    },
    {
      name: 'the same transaction twice',
      code: 'INVALID_TX',
      make: (tc, keys) => {
        const tx = makeTransfer(keys[1]!, keys[2]!, 1n, 0);
        return mine(tc, { txs: [tx, tx] });
      },
    },
    { name: 'an unknown parent', code: 'UNKNOWN_PARENT', make: (tc) => mine(tc, { mutate: (h) => ({ ...h, parentHash: new Uint8Array(32).fill(7) }) }) },
  ];

  async function mtp(tc: TestChain): Promise<number> {
    return medianTimePast((await tc.chain.parentContext(tc.chain.head.hash)).recentTimestamps);
  }

  it.each(cases)('$name: $code', async ({ code, make }) => {
    const g = createTestGenesis();
    const tc = await open(g.genesis);
    await generateChain(tc.chain, 3);
    const head = tc.chain.head;
    const root = toHex(tc.chain.acc.root());
    const state = new Map(tc.chain.state.map);
    const events = tc.heads.length;
    const err = await rejection(tc.chain.importBlock(await make(tc, g.keys)));
    expect(err.code).toBe(code);
    expect(toHex(tc.chain.head.hash)).toBe(toHex(head.hash));
    expect(tc.chain.head.work).toBe(head.work);
    expect(toHex(tc.chain.acc.root())).toBe(root);
    expect(tc.chain.state.map).toEqual(state);
    expect(tc.heads.length).toBe(events);
    // A valid block still extends the head afterwards.
    await generateChain(tc.chain, 1);
    expect(tc.chain.head.header.height).toBe(4);
  });

  it('accepts a timestamp one past the median time past', async () => {
    const { genesis } = createTestGenesis();
    const tc = await open(genesis);
    await generateChain(tc.chain, 4);
    const m = medianTimePast((await tc.chain.parentContext(tc.chain.head.hash)).recentTimestamps);
    expect((await tc.chain.importBlock(await mineBlock(tc.chain, undefined, miner.secret, { timestamp: m + 1 }))).status).toBe('head');
  });

  it('bounds timestamps by the node clock plus maxFutureMs, and takes a future block once the clock catches up', async () => {
    const { genesis } = createTestGenesis();
    const tc = await open(genesis);
    await generateChain(tc.chain, 1);
    const now = tc.chain.head.header.timestamp + 500;
    tc.clock.set(now);
    const maxFuture = genesis.params.maxFutureMs;
    const early = await mineBlock(tc.chain, undefined, miner.secret, { timestamp: now + maxFuture + 1 });
    const err = await rejection(tc.chain.importBlock(early));
    expect(err.code).toBe('TIME_TOO_NEW');
    expect(tc.chain.head.header.height).toBe(1);
    // Not remembered as invalid: one millisecond later by the clock it is valid.
    tc.clock.advance(1);
    expect((await tc.chain.importBlock(early)).status).toBe('head');
  });

  it('remembers a block that failed against its parent or state, and refuses it and its children as KNOWN_INVALID', async () => {
    const { genesis } = createTestGenesis();
    const tc = await open(genesis);
    await generateChain(tc.chain, 1);
    const bad = await mineBlock(tc.chain, undefined, miner.secret, { mutate: (h) => ({ ...h, stateRoot: new Uint8Array(32) }) });
    expect((await rejection(tc.chain.importBlock(bad))).code).toBe('BAD_STATE_ROOT');
    expect((await rejection(tc.chain.importBlock(bad))).code).toBe('KNOWN_INVALID');
    const idx = await tc.chain.getIndex(headerHash(bad.header));
    expect(idx?.status).toBe('invalid');
    // A child of the invalid block (built by hand on its header) is refused without being applied.
    const child = buildBlock({ parent: bad.header, state: tc.chain.state, acc: tc.chain.acc, ctx: tc.chain.ctx, minerSecret: miner.secret });
    expect((await rejection(tc.chain.importBlock(child))).code).toBe('KNOWN_INVALID');
    expect(tc.chain.head.header.height).toBe(1);
  });

  it('does not let a copy with a bad signature poison the block: the genuine one is imported after it', async () => {
    const { genesis } = createTestGenesis();
    const tc = await open(genesis);
    const good = await mineBlock(tc.chain, undefined, miner.secret);
    const sig = good.sig.slice();
    sig[5] = sig[5]! ^ 0x40;
    expect((await rejection(tc.chain.importBlock({ ...good, sig }))).code).toBe('BAD_MINER_SIG');
    expect((await tc.chain.importBlock(good)).status).toBe('head');
  });

  it('does not let a copy with altered transactions poison the block', async () => {
    const { genesis, keys } = createTestGenesis();
    const tc = await open(genesis);
    const tx = makeTransfer(keys[1]!, keys[2]!, 1n, 0);
    const good = await mineBlock(tc.chain, undefined, miner.secret, { txs: [tx] });
    expect((await rejection(tc.chain.importBlock({ ...good, txs: [] }))).code).toBe('BAD_TX_ROOT');
    expect((await tc.chain.importBlock(good)).status).toBe('head');
    expect(bytesEqual(tc.chain.head.hash, headerHash(good.header))).toBe(true);
  });
});
