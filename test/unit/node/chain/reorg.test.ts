/**
 * Fork choice and reorgs on real LevelDB chains. Every block proves the same work (the
 * easy target stays on the ASERT schedule), so a branch's weight is its length:
 *
 *   genesis ─ c1 ─ c2 ─ a3 ─ a4 ─ a5              branch A (3 blocks), seen first
 *                     └─ b3 ─ b4 ─ b5 ─ b6        branch B (4 blocks), heavier
 *
 * Branches are mined on separate chains that share the common blocks, then fed to the
 * chain under test, as blocks from peers would be.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../../../../src/chain/bytes.ts';
import { BlockError } from '../../../../src/chain/chainError.ts';
import { headerHash } from '../../../../src/chain/block.ts';
import { accumulateState } from '../../../../src/chain/genesis.ts';
import { MemoryState } from '../../../../src/chain/state/stateReader.ts';
import { applyBlock } from '../../../../src/chain/stf/applyBlock.ts';
import { txHash } from '../../../../src/chain/tx.ts';
import { verifyStoredState } from '../../../../src/node/chain/verifyState.ts';
import { buildBlock, createTestGenesis, generateChain, makeTransfer, mineBlock, openTestChain, testKey, type TestChain } from '../../../helpers/testChain.ts';
import type { Genesis } from '../../../../src/chain/genesis.ts';
import type { Block } from '../../../../src/chain/types.ts';

const minerA = testKey('reorg-miner', 0);
const minerB = testKey('reorg-miner', 1);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function open(genesis: Genesis, dir?: string): Promise<TestChain> {
  const tc = await openTestChain(genesis, dir);
  cleanups.push(() => tc.destroy());
  return tc;
}

async function importAll(tc: TestChain, blocks: readonly Block[]): Promise<string[]> {
  const out: string[] = [];
  for (const b of blocks) out.push((await tc.chain.importBlock(b)).status);
  return out;
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

const hex = (b: Block) => toHex(headerHash(b.header));
const rootOf = (tc: TestChain) => toHex(tc.chain.acc.root());
/** The head state as sorted [key, hex value] pairs (values may be Buffer or Uint8Array views). */
const entries = (tc: TestChain) => [...tc.chain.state.map].map(([k, v]) => [k, toHex(v)]).sort(([x], [y]) => (x! < y! ? -1 : 1));

/** Two chains sharing `common` blocks: `a` is the chain under test, `b` mines the other branch. */
async function forked(common = 2) {
  const { genesis, keys } = createTestGenesis({ accounts: 5 });
  const a = await open(genesis);
  const b = await open(genesis);
  const shared = await generateChain(a.chain, common);
  expect(await importAll(b, shared)).toEqual(shared.map(() => 'head'));
  return { genesis, keys, a, b, shared };
}

/**
 * On `b` (2 common blocks), one valid block b3, then b4 with a wrong state root, and
 * b5, b6, b7 built on b4 (on the state b4's transactions really give).
 */
async function invalidMiddleBranch(b: TestChain) {
  const [b3] = await generateChain(b.chain, 1, undefined, { minerSecret: minerB.secret });
  const b4 = await mineBlock(b.chain, undefined, minerB.secret, { mutate: (h) => ({ ...h, stateRoot: new Uint8Array(32).fill(2) }) });
  let state = b.chain.state;
  let acc = b.chain.acc;
  const next = (parent: Block): Block => {
    const r = applyBlock(state, acc, parent, b.chain.ctx);
    const s = new MemoryState(state.map);
    s.applyWrites(r.changes.map((c) => [c.key, c.value] as const));
    state = s;
    acc = r.acc;
    return buildBlock({ parent: parent.header, state, acc, ctx: b.chain.ctx, minerSecret: minerB.secret });
  };
  const b5 = next(b4);
  const b6 = next(b5);
  const b7 = next(b6);
  return { b3: b3!, b4, b5, b6, b7 };
}

describe('fork choice', () => {
  it('switches to a heavier branch: head, state and indexes equal those of a chain that only saw it', async () => {
    const { keys, a, b } = await forked();
    // Branch A: its first block takes a transaction from the mempool (as the node's miner does).
    const onlyA = makeTransfer(keys[1]!, keys[2]!, 111n, 0);
    a.mempool.add(onlyA, a.chain.state, { height: 3, timestamp: a.chain.head.header.timestamp + 1000 });
    const a3 = await mineBlock(a.chain, a.mempool, minerA.secret);
    expect(a3.txs).toHaveLength(1);
    expect((await a.chain.importBlock(a3)).status).toBe('head');
    expect(a.mempool.size).toBe(0);
    // A transaction both branches include, in different blocks.
    const both = makeTransfer(keys[4]!, keys[1]!, 333n, 0);
    const branchA = [a3, ...(await generateChain(a.chain, 2, (i) => (i === 0 ? [both] : []), { minerSecret: minerA.secret }))];
    // Branch B: 4 blocks by another miner, with its own transaction.
    const onlyB = makeTransfer(keys[3]!, keys[2]!, 222n, 0);
    const branchB = await generateChain(b.chain, 4, (i) => (i === 1 ? [onlyB] : i === 3 ? [both] : []), { minerSecret: minerB.secret });
    const heavierWork = b.chain.head.work;
    expect(heavierWork > a.chain.head.work).toBe(true);

    const statuses = await importAll(a, branchB);
    expect(statuses).toEqual(['side', 'side', 'side', 'reorg']);
    expect(toHex(a.chain.head.hash)).toBe(hex(branchB[3]!));
    expect(a.chain.head.work).toBe(heavierWork);
    expect(rootOf(a)).toBe(rootOf(b));
    expect(entries(a)).toEqual(entries(b));
    expect(toHex(accumulateState(a.chain.state).root())).toBe(rootOf(b));

    const change = a.heads.at(-1)!;
    expect(change.disconnected.map(hex)).toEqual([...branchA].reverse().map(hex)); // newest first
    expect(change.connected.map(hex)).toEqual(branchB.map(hex)); // oldest first
    // The transaction only A had is pending again; B's is not.
    expect(a.mempool.has(txHash(onlyA))).toBe(true);
    expect(a.mempool.has(txHash(onlyB))).toBe(false);
    // Canonical indexes follow B: heights, transaction locations, receipts.
    for (let h = 3; h <= 6; h++) expect(hex((await a.chain.getBlockByHeight(h))!)).toBe(hex(branchB[h - 3]!));
    expect(await a.chain.store.getTxLocation(txHash(onlyA))).toBeUndefined();
    expect(toHex((await a.chain.store.getTxLocation(txHash(onlyB)))!.blockHash)).toBe(hex(branchB[1]!));
    expect(toHex((await a.chain.store.getTxLocation(txHash(both)))!.blockHash)).toBe(hex(branchB[3]!));
    expect(a.mempool.has(txHash(both))).toBe(false);
    expect(await a.chain.store.getReceipts(headerHash(a3.header))).toBeUndefined();
    expect((await a.chain.getIndex(headerHash(a3.header)))!.status).toBe('side');
    // A's blocks are kept and known.
    expect((await a.chain.importBlock(a3)).status).toBe('known');
  });

  it('survives a restart after a reorg, and the stored state verifies', async () => {
    const { genesis, a, b } = await forked(1);
    await generateChain(a.chain, 2, undefined, { minerSecret: minerA.secret });
    const branchB = await generateChain(b.chain, 3, undefined, { minerSecret: minerB.secret });
    await importAll(a, branchB);
    const dir = a.dir;
    await a.close();
    const report = await verifyStoredState(dir, genesis);
    expect(report.ok).toBe(true);
    expect(report.headHash).toBe(hex(branchB[2]!));
    const again = await open(genesis, dir);
    expect(toHex(again.chain.head.hash)).toBe(hex(branchB[2]!));
    expect(rootOf(again)).toBe(rootOf(b));
    expect(entries(again)).toEqual(entries(b));
  });

  it('keeps the branch seen first when the work is equal', async () => {
    const { genesis, a, b, shared } = await forked();
    const branchA = await generateChain(a.chain, 3, undefined, { minerSecret: minerA.secret });
    const branchB = await generateChain(b.chain, 3, undefined, { minerSecret: minerB.secret });
    expect(a.chain.head.work).toBe(b.chain.head.work);
    expect(await importAll(a, branchB)).toEqual(['side', 'side', 'side']);
    expect(toHex(a.chain.head.hash)).toBe(hex(branchA[2]!));
    // The other way round, B stays: the rule is "first seen", not an order of hashes.
    const c = await open(genesis);
    await importAll(c, shared);
    await importAll(c, branchB);
    expect(await importAll(c, branchA)).toEqual(['side', 'side', 'side']);
    expect(toHex(c.chain.head.hash)).toBe(hex(branchB[2]!));
  });

  it('switches back when the first branch grows heavier again', async () => {
    const { genesis, a, b, shared } = await forked();
    const branchA = await generateChain(a.chain, 2, undefined, { minerSecret: minerA.secret });
    const branchB = await generateChain(b.chain, 3, undefined, { minerSecret: minerB.secret });
    expect(await importAll(a, branchB)).toEqual(['side', 'side', 'reorg']);
    // A third chain that only ever saw A grows it by two blocks.
    const onlyA = await open(genesis);
    await importAll(onlyA, [...shared, ...branchA]);
    const more = await generateChain(onlyA.chain, 2, undefined, { minerSecret: minerA.secret });
    // The first only ties B (kept), the second outweighs it.
    expect(await importAll(a, more)).toEqual(['side', 'reorg']);
    expect(toHex(a.chain.head.hash)).toBe(hex(more[1]!));
    expect(rootOf(a)).toBe(rootOf(onlyA));
    expect(entries(a)).toEqual(entries(onlyA));
    expect(a.heads.at(-1)!.disconnected.map(hex)).toEqual([...branchB].reverse().map(hex));
  });

  it('does not adopt a branch whose tip is invalid; its valid prefix of equal work stays a side branch', async () => {
    const { a, b } = await forked();
    const branchA = await generateChain(a.chain, 3, undefined, { minerSecret: minerA.secret });
    const prefix = await generateChain(b.chain, 3, undefined, { minerSecret: minerB.secret });
    const badTip = await mineBlock(b.chain, undefined, minerB.secret, { mutate: (h) => ({ ...h, stateRoot: new Uint8Array(32).fill(1) }) });
    const root = rootOf(a);
    expect(await importAll(a, prefix)).toEqual(['side', 'side', 'side']);
    const err = await rejection(a.chain.importBlock(badTip));
    expect(err.code).toBe('BAD_STATE_ROOT');
    expect(toHex(a.chain.head.hash)).toBe(hex(branchA[2]!));
    expect(rootOf(a)).toBe(root);
    expect((await a.chain.getIndex(headerHash(badTip.header)))!.status).toBe('invalid');
    for (const p of prefix) expect((await a.chain.getIndex(headerHash(p.header)))!.status).toBe('side');
    // A valid block on the same prefix makes it heavier: now it is adopted.
    const goodTip = await mineBlock(b.chain, undefined, minerB.secret);
    expect((await a.chain.importBlock(goodTip)).status).toBe('reorg');
    expect(rootOf(a)).toBe(toHex(goodTip.header.stateRoot));
  });

  it('does not adopt a heavier branch with an invalid block in the middle, and refuses what builds on it', async () => {
    const { a, b } = await forked();
    const branchA = await generateChain(a.chain, 3, undefined, { minerSecret: minerA.secret });
    const { b3, b4, b5, b6, b7 } = await invalidMiddleBranch(b);
    const root = rootOf(a);
    expect(await importAll(a, [b3, b4, b5])).toEqual(['side', 'side', 'side']);
    // b6 would make B heavier (4 blocks against 3): the branch is tried, b4 fails, nothing moves.
    expect((await rejection(a.chain.importBlock(b6))).code).toBe('KNOWN_INVALID');
    expect(toHex(a.chain.head.hash)).toBe(hex(branchA[2]!));
    expect(rootOf(a)).toBe(root);
    expect((await a.chain.getIndex(headerHash(b4.header)))!.status).toBe('invalid');
    expect(await a.chain.isCanonical(headerHash(b6.header), b6.header.height)).toBe(false);
    // Anything built further on the invalid branch is refused.
    expect((await rejection(a.chain.importBlock(b7))).code).toBe('KNOWN_INVALID');
    expect(toHex(a.chain.head.hash)).toBe(hex(branchA[2]!));
  });

  it('reports a block whose branch fails at an ancestor as invalid', async () => {
    const { a, b } = await forked();
    await generateChain(a.chain, 3, undefined, { minerSecret: minerA.secret });
    const { b3, b4, b5, b6 } = await invalidMiddleBranch(b);
    await importAll(a, [b3, b4, b5]);
    const err = await rejection(a.chain.importBlock(b6));
    expect(['KNOWN_INVALID', 'BAD_STATE_ROOT']).toContain(err.code);
    expect((await a.chain.getIndex(headerHash(b5.header)))!.status).toBe('invalid');
    expect((await a.chain.getIndex(headerHash(b6.header)))!.status).toBe('invalid');
  });

  it('switches to a shorter branch that proves more work, and unindexes the heights above it', async () => {
    // A half-life of 100 ms: a block 999 ms ahead of schedule makes its child's target about
    // 2^10 times harder, so two early blocks outweigh three on schedule.
    const { genesis, keys } = createTestGenesis({ accounts: 3, params: { asertHalfLifeMs: 100 } });
    const a = await open(genesis);
    const b = await open(genesis);
    const branchA = await generateChain(a.chain, 3, (i) => (i === 2 ? [makeTransfer(keys[1]!, keys[2]!, 5n, 0)] : []), { minerSecret: minerA.secret });
    const t0 = genesis.timestamp;
    const b1 = await mineBlock(b.chain, undefined, minerB.secret, { timestamp: t0 + 1 });
    await b.chain.importBlock(b1);
    const b2 = await mineBlock(b.chain, undefined, minerB.secret, { timestamp: t0 + 2 });
    expect(b2.header.baseTarget < b1.header.baseTarget / 512n).toBe(true);
    await b.chain.importBlock(b2);
    expect(b.chain.head.work > a.chain.head.work).toBe(true);

    expect(await importAll(a, [b1, b2])).toEqual(['side', 'reorg']);
    expect(a.chain.head.header.height).toBe(2);
    expect(toHex(a.chain.head.hash)).toBe(hex(b2));
    expect(rootOf(a)).toBe(rootOf(b));
    // Height 3 belonged to A only: nothing canonical is left there, nor its transaction.
    expect(await a.chain.store.getCanonicalHash(3)).toBeUndefined();
    expect(await a.chain.getBlockByHeight(3)).toBeUndefined();
    expect(await a.chain.store.getTxLocation(txHash(branchA[2]!.txs[0]!))).toBeUndefined();
    expect(a.mempool.has(txHash(branchA[2]!.txs[0]!))).toBe(true);
  });

  it('reorgs 20 blocks deep', async () => {
    const { keys, a, b } = await forked(0);
    let nonceA = 0;
    await generateChain(a.chain, 20, (i) => (i % 3 === 0 ? [makeTransfer(keys[1]!, keys[2]!, BigInt(i + 1), nonceA++)] : []), { minerSecret: minerA.secret });
    let nonceB = 0;
    const branchB = await generateChain(b.chain, 21, (i) => (i % 4 === 0 ? [makeTransfer(keys[1]!, keys[3]!, BigInt(i + 5), nonceB++)] : []), { minerSecret: minerB.secret });
    const statuses = await importAll(a, branchB);
    expect(statuses.slice(0, 20).every((s) => s === 'side')).toBe(true);
    expect(statuses[20]).toBe('reorg');
    const change = a.heads.at(-1)!;
    expect(change.disconnected).toHaveLength(20);
    expect(change.connected).toHaveLength(21);
    expect(toHex(a.chain.head.hash)).toBe(hex(branchB[20]!));
    expect(rootOf(a)).toBe(rootOf(b));
    expect(entries(a)).toEqual(entries(b));
    for (const h of [1, 10, 20, 21]) expect(hex((await a.chain.getBlockByHeight(h))!)).toBe(hex(branchB[h - 1]!));
  });
});
