/**
 * Generates the block vectors in this directory (*.json), run by ../runVectors.test.ts.
 *
 * Regenerate (from the repository root, with Node 24):
 *   node_modules/.bin/node test/vectors/blocks/generate.ts
 * then review `git diff test/vectors/blocks`: a changed vector is a changed consensus rule.
 *
 * Each case mines its blocks on real chains (temporary LevelDB directories) with fixed keys
 * and timestamps, imports them in the listed order and records each block's bytes, the
 * import outcome (status or error code), the receipts, and the final head, state root,
 * supply and balances. Every case also states its expected outcomes and balances by hand;
 * generation fails if the chain disagrees, so a vector never silently records a bug.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { encodeBlock, headerHash } from '../../../src/chain/block.ts';
import { BlockError } from '../../../src/chain/chainError.ts';
import { toHex } from '../../../src/chain/bytes.ts';
import { genesisToJson, type Genesis } from '../../../src/chain/genesis.ts';
import { COMMUNITY_POOL_ID, getAccount, getSupply } from '../../../src/chain/state/accounts.ts';
import { addressFromBytes } from '../../../src/chain/address.ts';
import { signHeader } from '../../../src/chain/block.ts';
import { createTestGenesis, makeTransfer, mineBlock, openTestChain, testKey, type BlockOptions, type TestChain, type TestKey } from '../../helpers/testChain.ts';
import type { Block } from '../../../src/chain/types.ts';

const OUT_DIR = dirname(fileURLToPath(import.meta.url));

/** What importing a block must give: a status, or a BlockError code. */
type Outcome = { status: 'head' | 'side' | 'reorg' | 'known' } | { error: string };

interface VectorBlock {
  comment: string;
  hex: string;
  expect: Outcome;
  /** Receipt codes of the block's transactions ('' = success), when it was applied. */
  receipts?: string[];
}

interface Recorder {
  readonly blocks: VectorBlock[];
  /** Imports `block` into `into`, checks the outcome and records it. */
  add(into: TestChain, block: Block, comment: string, expected: Outcome): Promise<void>;
}

function recorder(): Recorder {
  const blocks: VectorBlock[] = [];
  return {
    blocks,
    async add(into, block, comment, expected) {
      let got: Outcome;
      try {
        got = { status: (await into.chain.importBlock(block)).status };
      } catch (err) {
        if (!(err instanceof BlockError)) throw err;
        got = { error: err.code };
      }
      assert.deepEqual(got, expected, `${comment}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
      const entry: VectorBlock = { comment, hex: toHex(encodeBlock(block)), expect: got };
      const receipts = 'status' in got ? await into.chain.store.getReceipts(headerHash(block.header)) : undefined;
      if (receipts) entry.receipts = receipts.map((r) => r.error);
      blocks.push(entry);
    },
  };
}

interface CaseResult {
  description: string;
  genesis: Genesis;
  clockMs: number;
  blocks: VectorBlock[];
  chain: TestChain;
  /** Accounts whose final balances the vector records (and the runner checks). */
  accounts: Uint8Array[];
}

function writeVector(name: string, r: CaseResult): void {
  const { chain } = r.chain;
  const balances: Record<string, string> = {};
  for (const id of r.accounts) balances[addressFromBytes(id)] = getAccount(chain.state, id).balance.toString();
  const vector = {
    name,
    description: r.description,
    regenerate: 'node_modules/.bin/node test/vectors/blocks/generate.ts',
    genesis: genesisToJson(r.genesis),
    clockMs: r.clockMs,
    blocks: r.blocks,
    post: {
      height: chain.head.header.height,
      headHash: toHex(chain.head.hash),
      stateRoot: toHex(chain.acc.root()),
      supply: getSupply(chain.state).toString(),
      balances,
    },
  };
  writeFileSync(join(OUT_DIR, `${name}.json`), JSON.stringify(vector, null, 2) + '\n');
}

const MINER = testKey('vector-miner', 0);
const MINER_B = testKey('vector-miner', 1);
const ids = (ks: TestKey[]) => ks.map((k) => k.id);
const bal = (tc: TestChain, k: TestKey | Uint8Array) => getAccount(tc.chain.state, k instanceof Uint8Array ? k : k.id).balance;

type CaseFn = () => Promise<CaseResult>;

const CASES: Record<string, CaseFn> = {
  async transfers() {
    const { genesis, keys } = createTestGenesis({ seed: 101, accounts: 4, balance: 5_000_000n, params: { blockReward: 1_000_000n, communitySharePercent: 10 } });
    const [alice, bob, carol, dave] = keys as [TestKey, TestKey, TestKey, TestKey];
    const tc = await openTestChain(genesis);
    const rec = recorder();
    const t = genesis.timestamp;
    const mine = (txs: Block['txs'], ts: number) => mineBlock(tc.chain, undefined, MINER.secret, { txs, timestamp: ts });
    await rec.add(tc, await mine([makeTransfer(alice, bob, 1_000_000n, 0), makeTransfer(bob, carol, 5n, 0)], t + 1000), 'alice pays bob 1 TES; bob pays carol 5 µTES', { status: 'head' });
    await rec.add(
      tc,
      await mine([makeTransfer(alice, carol, 250n, 1), makeTransfer(alice, dave, 750n, 2), makeTransfer(carol, carol, 1_000n, 0)], t + 2000),
      'alice sends with nonces 1 and 2 in one block; carol pays herself (only the fee moves)',
      { status: 'head' },
    );
    await rec.add(tc, await mine([], t + 3000), 'an empty block: reward only', { status: 'head' });
    // Hand-computed: fee 100 per transfer.
    assert.equal(bal(tc, alice), 5_000_000n - 1_000_000n - 250n - 750n - 300n);
    assert.equal(bal(tc, bob), 5_000_000n + 1_000_000n - 5n - 100n);
    assert.equal(bal(tc, carol), 5_000_000n + 5n + 250n - 100n);
    assert.equal(bal(tc, dave), 5_000_000n + 750n);
    // Miner: 3 rewards + 500 of fees, 10% to the pool each block: (1,000,200 - 100,020) + (1,000,300 - 100,030) + 900,000.
    assert.equal(bal(tc, MINER), 900_180n + 900_270n + 900_000n);
    assert.equal(bal(tc, COMMUNITY_POOL_ID), 100_020n + 100_030n + 100_000n);
    return { description: 'Plain transfers across three blocks: amounts, fees, consecutive nonces, a self-transfer, reward and community share.', genesis, clockMs: t + 3000, blocks: rec.blocks, chain: tc, accounts: [...ids(keys), MINER.id, COMMUNITY_POOL_ID] };
  },

  async feeSplit() {
    const { genesis, keys } = createTestGenesis({ seed: 102, accounts: 3, params: { blockReward: 1_000_003n, communitySharePercent: 7, minFee: 100n } });
    const [a, b, c] = keys as [TestKey, TestKey, TestKey];
    const tc = await openTestChain(genesis);
    const rec = recorder();
    const txs = [makeTransfer(a, b, 1n, 0, 100n), makeTransfer(b, c, 1n, 0, 150n), makeTransfer(c, a, 1n, 0, 333n)];
    await rec.add(tc, await mineBlock(tc.chain, undefined, MINER.secret, { txs, timestamp: genesis.timestamp + 1000 }), 'three fees, odd reward, 7% share', { status: 'head' });
    // total = 1,000,003 + 583 = 1,000,586; pool = floor(70,041.02) = 70,041; miner = 930,545.
    assert.equal(bal(tc, COMMUNITY_POOL_ID), 70_041n);
    assert.equal(bal(tc, MINER), 930_545n);
    return { description: 'Reward plus fees split between miner and community pool with a floor: the remainder stays with the miner.', genesis, clockMs: genesis.timestamp + 1000, blocks: rec.blocks, chain: tc, accounts: [...ids(keys), MINER.id, COMMUNITY_POOL_ID] };
  },

  async failedTransfer() {
    const { genesis, keys } = createTestGenesis({ seed: 103, accounts: 2, balance: 10_000n });
    const [a, b] = keys as [TestKey, TestKey];
    const tc = await openTestChain(genesis);
    const rec = recorder();
    const txs = [makeTransfer(a, b, 9_901n, 0), makeTransfer(a, b, 9_800n, 1)];
    await rec.add(tc, await mineBlock(tc.chain, undefined, MINER.secret, { txs, timestamp: genesis.timestamp + 1000 }), 'an overspend fails with its fee charged; the next nonce applies', { status: 'head' });
    assert.deepEqual(rec.blocks[0]!.receipts, ['INSUFFICIENT_FUNDS', '']);
    assert.equal(bal(tc, a), 0n);
    assert.equal(bal(tc, b), 19_800n);
    return { description: 'A transfer over the balance is a failed receipt (INSUFFICIENT_FUNDS), not an invalid block: fee charged, nonce used, nothing moved.', genesis, clockMs: genesis.timestamp + 1000, blocks: rec.blocks, chain: tc, accounts: [...ids(keys), MINER.id] };
  },

  async invalidBlocks() {
    const { genesis, keys } = createTestGenesis({ seed: 104, accounts: 3 });
    const [a, b] = keys as [TestKey, TestKey];
    const tc = await openTestChain(genesis);
    const rec = recorder();
    const t = genesis.timestamp;
    const clockMs = t + 10_000;
    tc.clock.set(clockMs);
    const mine = (opts: BlockOptions) => mineBlock(tc.chain, undefined, MINER.secret, opts);
    await rec.add(tc, await mine({ timestamp: t + 1000, txs: [makeTransfer(a, b, 10n, 0)] }), 'valid block 1', { status: 'head' });
    const bad: Array<[string, BlockOptions | (() => Promise<Block>), string]> = [
      ['a transaction with a nonce gap', { txs: [makeTransfer(a, b, 10n, 2)] }, 'INVALID_TX'],
      ['a transaction with an already used nonce', { txs: [makeTransfer(a, b, 11n, 0)] }, 'INVALID_TX'],
      ['a fee below minFee', { txs: [makeTransfer(a, b, 10n, 1, 99n)] }, 'INVALID_TX'],
      ['a wrong state root', { mutate: (h) => ({ ...h, stateRoot: new Uint8Array(32).fill(0x5a) }) }, 'BAD_STATE_ROOT'],
      ['a wrong receipt root', { txs: [makeTransfer(a, b, 10n, 1)], mutate: (h) => ({ ...h, receiptRoot: new Uint8Array(32).fill(0x5b) }) }, 'BAD_RECEIPT_ROOT'],
      ['a tx root for no transactions over one transaction', { txs: [makeTransfer(a, b, 10n, 1)], mutate: (h) => ({ ...h, txRoot: new Uint8Array(32) }) }, 'BAD_TX_ROOT'],
      ['a base target half the scheduled one', { mutate: (h) => ({ ...h, baseTarget: h.baseTarget / 2n }) }, 'BAD_TARGET'],
      ['a timestamp equal to the median time past', { timestamp: t + 1000 }, 'TIME_TOO_OLD'],
      ['a timestamp beyond clock + maxFutureMs', { timestamp: clockMs + genesis.params.maxFutureMs + 1 }, 'TIME_TOO_NEW'],
      ['a hash over the target', { pow: 'invalid' }, 'BAD_POW'],
      ['a height skipping one', { mutate: (h) => ({ ...h, height: h.height + 1 }) }, 'BAD_HEIGHT'],
      ['version 1 (before receipts were committed)', { mutate: (h) => ({ ...h, version: 1 }) }, 'BAD_VERSION'],
      ['version 3', { mutate: (h) => ({ ...h, version: 3 }) }, 'BAD_VERSION'],
      ['an unknown parent', { mutate: (h) => ({ ...h, parentHash: new Uint8Array(32).fill(0xee) }) }, 'UNKNOWN_PARENT'],
      [
        'a signature by another key',
        async () => {
          const blk = await mine({});
          return { ...blk, sig: signHeader(blk.header, MINER_B.secret) };
        },
        'BAD_MINER_SIG',
      ],
    ];
    for (const [comment, opts, code] of bad) {
      const block = typeof opts === 'function' ? await opts() : await mine({ timestamp: t + 2000, ...opts });
      await rec.add(tc, block, `invalid child of block 1: ${comment}`, { error: code });
    }
    await rec.add(tc, await mine({ timestamp: t + 2000, txs: [makeTransfer(a, b, 10n, 1)] }), 'valid block 2 after all the rejections', { status: 'head' });
    assert.equal(bal(tc, b), genesis.alloc[1]!.balance + 20n);
    return { description: 'Invalid children of block 1, one rule each, each refused with its code; the head stays until a valid block 2.', genesis, clockMs, blocks: rec.blocks, chain: tc, accounts: [...ids(keys), MINER.id] };
  },

  async forkChoice() {
    const { genesis, keys } = createTestGenesis({ seed: 105, accounts: 3 });
    const [a, b, c] = keys as [TestKey, TestKey, TestKey];
    const main = await openTestChain(genesis);
    const other = await openTestChain(genesis);
    const rec = recorder();
    const t = genesis.timestamp;
    const c1 = await mineBlock(main.chain, undefined, MINER.secret, { timestamp: t + 1000 });
    await rec.add(main, c1, 'common block 1', { status: 'head' });
    await other.chain.importBlock(c1);
    const a2 = await mineBlock(main.chain, undefined, MINER.secret, { timestamp: t + 2000, txs: [makeTransfer(a, b, 1_000n, 0)] });
    await rec.add(main, a2, 'branch A block 2 (alice pays bob)', { status: 'head' });
    const a3 = await mineBlock(main.chain, undefined, MINER.secret, { timestamp: t + 3000 });
    await rec.add(main, a3, 'branch A block 3', { status: 'head' });
    const branchB: Block[] = [];
    for (let i = 0; i < 3; i++) {
      const txs = i === 0 ? [makeTransfer(a, c, 2_000n, 0)] : [];
      const blk = await mineBlock(other.chain, undefined, MINER_B.secret, { timestamp: t + 2000 + i * 1000 + 1, txs });
      await other.chain.importBlock(blk);
      branchB.push(blk);
    }
    await rec.add(main, branchB[0]!, 'branch B block 2 (alice pays carol, same nonce as on A): lighter, kept aside', { status: 'side' });
    await rec.add(main, branchB[1]!, 'branch B block 3: equal work, the head seen first stays', { status: 'side' });
    await rec.add(main, branchB[2]!, 'branch B block 4: heavier, reorg to B', { status: 'reorg' });
    await rec.add(main, a3, 'branch A block 3 again: known', { status: 'known' });
    assert.equal(toHex(main.chain.acc.root()), toHex(other.chain.acc.root()));
    assert.equal(bal(main, b), genesis.alloc[1]!.balance);
    assert.equal(bal(main, c), genesis.alloc[2]!.balance + 2_000n);
    await other.destroy();
    return { description: 'Fork choice by cumulative work: a heavier branch replaces the head, ties keep the first seen, and the state is that of the winning branch.', genesis, clockMs: t + 86_400_000, blocks: rec.blocks, chain: main, accounts: [...ids(keys), MINER.id, MINER_B.id] };
  },
};

async function main(): Promise<void> {
  for (const [name, run] of Object.entries(CASES)) {
    const result = await run();
    writeVector(name, result);
    await result.chain.destroy();
    console.log(`wrote ${name}.json: ${result.blocks.length} blocks`);
  }
}

await main();
