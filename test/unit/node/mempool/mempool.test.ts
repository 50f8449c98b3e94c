import { describe, expect, it } from 'vitest';
import { toHex } from '../../../../src/chain/bytes.ts';
import { RuleError, TxError } from '../../../../src/chain/chainError.ts';
import { Mempool, type MempoolOptions } from '../../../../src/node/mempool/mempool.ts';
import { MemoryState } from '../../../../src/chain/state/stateReader.ts';
import { applyBlock } from '../../../../src/chain/stf/applyBlock.ts';
import { BLOCK_VERSION } from '../../../../src/chain/block.ts';
import { encodeTx, txHash } from '../../../../src/chain/tx.ts';
import { contextOf, createTestGenesis, genesisParts, makeTransfer, testKey, type TestKey } from '../../../helpers/testChain.ts';
import type { Tx } from '../../../../src/chain/types.ts';

const { genesis, keys } = createTestGenesis({ accounts: 6, balance: 100_000n, params: { minFee: 100n } });
const ctx = contextOf(genesis);
const [, alice, bob, carol, dave, erin] = keys as [TestKey, TestKey, TestKey, TestKey, TestKey, TestKey];
const next = { height: 1, timestamp: genesis.timestamp + 1000 };

function fresh(opts: Partial<MempoolOptions> = {}) {
  const { state, acc } = genesisParts(genesis);
  return { pool: new Mempool({ ctx, ...opts }), state, acc };
}

/** The state after a block holding `txs` (the mined chain moving on). */
function after(state: MemoryState, txs: readonly Tx[]): MemoryState {
  const { acc } = genesisParts(genesis);
  const header = { version: BLOCK_VERSION, parentHash: new Uint8Array(32), height: 1, timestamp: next.timestamp, txRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), receiptRoot: new Uint8Array(32), baseTarget: 1n, miner: testKey('pool-miner', 0).pub, nonce: 0n };
  const r = applyBlock(state, acc, { header, sig: new Uint8Array(64), txs }, ctx);
  const s = new MemoryState(state.map);
  s.applyWrites(r.changes.map((c) => [c.key, c.value] as const));
  return s;
}

function rejected(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RuleError);
    return err as RuleError;
  }
  throw new Error('expected a rejection, the transaction was admitted');
}

const hashes = (txs: readonly Tx[]) => txs.map((t) => toHex(txHash(t)));
const senderHex = (k: TestKey) => toHex(k.id);

describe('Mempool.add admits', () => {
  it('a valid transfer, counting it and its bytes, in its sender\'s queue', () => {
    const { pool, state } = fresh();
    const tx = makeTransfer(alice, bob, 500n, 0);
    const entry = pool.add(tx, state, next);
    expect(pool.size).toBe(1);
    expect(pool.byteSize).toBe(encodeTx(tx).length);
    expect(pool.has(txHash(tx))).toBe(true);
    expect(entry.sender).toBe(senderHex(alice));
    expect(pool.pendingOf(senderHex(alice)).map((e) => e.tx.nonce)).toEqual([0]);
  });

  it('a sender\'s consecutive nonces, judged after its earlier pending transactions', () => {
    const { pool, state } = fresh();
    for (let n = 0; n < 3; n++) pool.add(makeTransfer(alice, bob, 1_000n, n), state, next);
    expect(pool.pendingOf(senderHex(alice)).map((e) => e.tx.nonce)).toEqual([0, 1, 2]);
  });
});

describe('Mempool.add rejects, leaving the pool unchanged', () => {
  const cases: Array<[string, string, (pool: Mempool, state: MemoryState) => Tx]> = [
    ['another chain\'s transaction', 'WRONG_CHAIN', () => makeTransfer(alice, bob, 1n, 0, 100n, 'tesnode-other')],
    ['a transaction already pending', 'ALREADY_KNOWN', (pool, state) => {
      const tx = makeTransfer(alice, bob, 1n, 0);
      pool.add(tx, state, next);
      return tx;
    }],
    ['a fee below minFee', 'FEE_TOO_LOW', () => makeTransfer(alice, bob, 1n, 0, 99n)],
    ['a nonce past the account\'s next one', 'NONCE_GAP', () => makeTransfer(alice, bob, 1n, 1)],
    ['a nonce past the pending ones', 'NONCE_GAP', (pool, state) => {
      pool.add(makeTransfer(alice, bob, 1n, 0), state, next);
      return makeTransfer(alice, bob, 1n, 2);
    }],
    ['a changed amount after signing', 'BAD_SIGNATURE', () => {
      const tx = makeTransfer(alice, bob, 1n, 0);
      return { ...tx, payload: { ...tx.payload, amount: 1_000n } };
    }],
    ['a signature by another key', 'BAD_SIGNATURE', () => ({ ...makeTransfer(alice, bob, 1n, 0), from: carol.pub })],
    ['an amount over the balance', 'INSUFFICIENT_FUNDS', () => makeTransfer(alice, bob, 100_000n, 0)],
    ['a fee the balance cannot pay', 'INSUFFICIENT_FUNDS', () => makeTransfer(alice, bob, 0n, 0, 100_001n)],
    ['a sender with no funds at all', 'INSUFFICIENT_FUNDS', () => makeTransfer(testKey('pool-nobody', 0), bob, 0n, 0)],
    ['a fee unaffordable after the sender\'s pending transactions', 'INSUFFICIENT_FUNDS', (pool, state) => {
      pool.add(makeTransfer(alice, bob, 99_900n, 0), state, next); // leaves 0
      return makeTransfer(alice, bob, 0n, 1);
    }],
    ['an overspend after the sender\'s pending transactions', 'INSUFFICIENT_FUNDS', (pool, state) => {
      pool.add(makeTransfer(alice, bob, 50_000n, 0), state, next); // leaves 49,900
      return makeTransfer(alice, bob, 49_801n, 1);
    }],
  ];

  it.each(cases)('%s: %s', (_name, code, make) => {
    const { pool, state } = fresh();
    const tx = make(pool, state);
    const [size, bytes] = [pool.size, pool.byteSize];
    const err = rejected(() => pool.add(tx, state, next));
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(10);
    expect([pool.size, pool.byteSize]).toEqual([size, bytes]);
  });

  it('a nonce the chain already used: NONCE_TOO_LOW', () => {
    const { pool, state } = fresh();
    const s1 = after(state, [makeTransfer(alice, bob, 1n, 0)]);
    const err = rejected(() => pool.add(makeTransfer(alice, bob, 2n, 0), s1, next));
    expect(err.code).toBe('NONCE_TOO_LOW');
    expect(err).toBeInstanceOf(TxError);
    expect(pool.add(makeTransfer(alice, bob, 2n, 1), s1, next).tx.nonce).toBe(1);
  });
});

describe('Mempool replacement', () => {
  it('needs a fee at least 10% higher, then replaces the pending transaction', () => {
    const { pool, state } = fresh();
    const first = makeTransfer(alice, bob, 10n, 0, 1_000n);
    pool.add(first, state, next);
    const low = makeTransfer(alice, carol, 10n, 0, 1_099n);
    const err = rejected(() => pool.add(low, state, next));
    expect(err.code).toBe('FEE_TOO_LOW');
    expect(err.message).toContain('10%');
    const bumped = makeTransfer(alice, carol, 10n, 0, 1_100n);
    pool.add(bumped, state, next);
    expect(pool.size).toBe(1);
    expect(pool.has(txHash(first))).toBe(false);
    expect(pool.has(txHash(bumped))).toBe(true);
    expect(pool.byteSize).toBe(encodeTx(bumped).length);
  });
});

describe('Mempool limits', () => {
  it('when full, evicts the cheapest transaction for a better-paying one, and refuses one that pays no more', () => {
    const { pool, state } = fresh({ maxTxs: 2 });
    const cheap = makeTransfer(alice, bob, 1n, 0, 100n);
    const mid = makeTransfer(bob, alice, 1n, 0, 200n);
    pool.add(cheap, state, next);
    pool.add(mid, state, next);
    const better = makeTransfer(carol, alice, 1n, 0, 150n);
    pool.add(better, state, next);
    expect(pool.size).toBe(2);
    expect(pool.has(txHash(cheap))).toBe(false);
    expect(pool.has(txHash(better))).toBe(true);
    // 150 is now the cheapest: an equal fee does not evict it, a lower one neither.
    for (const fee of [150n, 120n]) {
      const err = rejected(() => pool.add(makeTransfer(dave, alice, 1n, 0, fee), state, next));
      expect(err.code).toBe('MEMPOOL_FULL');
    }
    expect(hashes([mid, better]).every((h) => pool.has(Buffer.from(h, 'hex')))).toBe(true);
  });

  it('never evicts a sender\'s earlier transaction out from under its later ones', () => {
    const { pool, state } = fresh({ maxTxs: 3 });
    pool.add(makeTransfer(alice, bob, 1n, 0, 100n), state, next);
    pool.add(makeTransfer(alice, bob, 1n, 1, 500n), state, next);
    pool.add(makeTransfer(bob, alice, 1n, 0, 300n), state, next);
    // Alice's nonce 0 is the cheapest, but only her last (nonce 1, fee 500) may go; Bob's 300 goes.
    pool.add(makeTransfer(carol, alice, 1n, 0, 400n), state, next);
    expect(pool.pendingOf(senderHex(alice)).map((e) => e.tx.nonce)).toEqual([0, 1]);
    expect(pool.pendingOf(senderHex(bob))).toEqual([]);
  });

  it('does not evict the new transaction\'s own predecessor', () => {
    const { pool, state } = fresh({ maxTxs: 1 });
    pool.add(makeTransfer(alice, bob, 1n, 0, 100n), state, next);
    try {
      pool.add(makeTransfer(alice, bob, 1n, 1, 200n), state, next);
    } catch (err) {
      expect((err as TxError).code).toBe('MEMPOOL_FULL');
    }
    const pending = pool.pendingOf(senderHex(alice)).map((e) => e.tx.nonce);
    expect(pending[0]).toBe(0);
    expect(pool.select(state, 10, 1 << 20).length).toBe(pool.size);
  });

  it('when the byte cap is reached, evicts by fee as for the count cap', () => {
    const one = encodeTx(makeTransfer(alice, bob, 1n, 0)).length;
    const { pool, state } = fresh({ maxBytes: one * 2 });
    const cheap = makeTransfer(alice, bob, 1n, 0, 100n);
    pool.add(cheap, state, next);
    pool.add(makeTransfer(bob, alice, 1n, 0, 300n), state, next);
    pool.add(makeTransfer(carol, alice, 1n, 0, 200n), state, next);
    expect(pool.has(txHash(cheap))).toBe(false);
    expect(pool.byteSize).toBeLessThanOrEqual(one * 2);
  });

  it('caps the pending transactions of one sender with MEMPOOL_FULL', () => {
    const { pool, state } = fresh({ maxPerSender: 2 });
    pool.add(makeTransfer(alice, bob, 1n, 0), state, next);
    pool.add(makeTransfer(alice, bob, 1n, 1), state, next);
    expect(rejected(() => pool.add(makeTransfer(alice, bob, 1n, 2), state, next)).code).toBe('MEMPOOL_FULL');
    // Replacing one of them is still allowed.
    pool.add(makeTransfer(alice, carol, 1n, 1, 200n), state, next);
    expect(pool.size).toBe(2);
  });
});

describe('Mempool.select', () => {
  it('keeps each sender\'s nonce order and takes the highest fee first across senders', () => {
    const { pool, state } = fresh();
    const a0 = makeTransfer(alice, bob, 1n, 0, 100n);
    const a1 = makeTransfer(alice, bob, 1n, 1, 9_000n); // pays most, but must follow a0
    const b0 = makeTransfer(bob, alice, 1n, 0, 500n);
    const c0 = makeTransfer(carol, alice, 1n, 0, 300n);
    for (const tx of [a0, a1, b0, c0]) pool.add(tx, state, next);
    expect(hashes(pool.select(state, 100, 1 << 20))).toEqual(hashes([b0, c0, a0, a1]));
  });

  it('stops at the count cap and skips what does not fit the byte cap', () => {
    const { pool, state } = fresh();
    const a0 = makeTransfer(alice, bob, 1n, 0, 500n);
    const b0 = makeTransfer(bob, alice, 1n, 0, 400n);
    const c0 = makeTransfer(carol, alice, 1n, 0, 300n);
    for (const tx of [a0, b0, c0]) pool.add(tx, state, next);
    expect(hashes(pool.select(state, 2, 1 << 20))).toEqual(hashes([a0, b0]));
    const size = encodeTx(a0).length;
    const picked = pool.select(state, 100, size * 2 + 1);
    expect(hashes(picked)).toEqual(hashes([a0, b0]));
    expect(picked.reduce((s, t) => s + encodeTx(t).length, 0)).toBeLessThanOrEqual(size * 2 + 1);
    expect(pool.select(state, 100, size - 1)).toEqual([]);
  });

  it('offers only transactions that follow the account\'s nonce in the given state', () => {
    const { pool, state } = fresh();
    const a0 = makeTransfer(alice, bob, 1n, 0);
    const a1 = makeTransfer(alice, bob, 1n, 1);
    pool.add(a0, state, next);
    pool.add(a1, state, next);
    // Once a0 is mined elsewhere (state nonce 1), only a1 can follow.
    expect(hashes(pool.select(after(state, [a0]), 100, 1 << 20))).toEqual(hashes([a1]));
  });
});

describe('Mempool.onHeadChange', () => {
  it('removes transactions the new blocks include and those whose nonce the chain used', () => {
    const { pool, state } = fresh();
    const a0 = makeTransfer(alice, bob, 1n, 0);
    const b0 = makeTransfer(bob, alice, 1n, 0);
    const b0other = makeTransfer(bob, carol, 7n, 0, 150n); // same nonce, different tx
    const c0 = makeTransfer(carol, alice, 1n, 0);
    pool.add(a0, state, next);
    pool.add(b0other, state, next);
    pool.add(c0, state, next);
    const s1 = after(state, [a0, b0]);
    pool.onHeadChange([], [a0, b0], s1, { ...next, height: 2 });
    expect(pool.has(txHash(a0))).toBe(false);
    expect(pool.has(txHash(b0other))).toBe(false); // its nonce is used by b0
    expect(pool.has(txHash(c0))).toBe(true);
    expect(pool.size).toBe(1);
  });

  it('returns a transaction of an abandoned block to the pool unless the new branch has it', () => {
    const { pool, state } = fresh();
    const onlyA = makeTransfer(alice, bob, 11n, 0);
    const both = makeTransfer(carol, bob, 12n, 0);
    const onlyB = makeTransfer(dave, bob, 13n, 0);
    // The node was on branch A (holding onlyA and both); it switches to B (holding both and onlyB).
    const stateB = after(state, [both, onlyB]);
    pool.onHeadChange([onlyA, both], [both, onlyB], stateB, next);
    expect(pool.has(txHash(onlyA))).toBe(true);
    expect(pool.has(txHash(both))).toBe(false);
    expect(pool.has(txHash(onlyB))).toBe(false);
    expect(pool.size).toBe(1);
  });

  it('drops an abandoned transaction that no longer applies on the new branch', () => {
    const { pool, state } = fresh();
    const spend = makeTransfer(erin, bob, 99_000n, 0);
    const conflicting = makeTransfer(erin, carol, 99_500n, 0, 150n); // B spent erin's funds with nonce 0
    const stateB = after(state, [conflicting]);
    pool.onHeadChange([spend], [conflicting], stateB, next);
    expect(pool.size).toBe(0);
  });

  it('returns several abandoned transactions of one sender in nonce order', () => {
    const { pool, state } = fresh();
    const a = [0, 1, 2].map((n) => makeTransfer(alice, bob, 1n, n));
    // Disconnected blocks arrive newest first: the pool must still admit them in nonce order.
    pool.onHeadChange([a[2]!, a[1]!, a[0]!], [], state, next);
    expect(pool.pendingOf(senderHex(alice)).map((e) => e.tx.nonce)).toEqual([0, 1, 2]);
  });
});
