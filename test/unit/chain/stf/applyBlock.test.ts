import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../../src/chain/bytes.ts';
import { BlockError } from '../../../../src/chain/chainError.ts';
import { accumulateState } from '../../../../src/chain/genesis.ts';
import { COMMUNITY_POOL_ID, getAccount, getSupply } from '../../../../src/chain/state/accounts.ts';
import { MemoryState } from '../../../../src/chain/state/stateReader.ts';
import { applyBlock, type ApplyBlockResult } from '../../../../src/chain/stf/applyBlock.ts';
import { BLOCK_VERSION } from '../../../../src/chain/block.ts';
import { contextOf, createTestGenesis, genesisParts, listAccounts, makeTransfer, testKey, type TestKey } from '../../../helpers/testChain.ts';
import type { LtHash } from '../../../../src/chain/state/ltHash.ts';
import type { ChainParams } from '../../../../src/chain/params.ts';
import type { Block, Tx } from '../../../../src/chain/types.ts';

const SEED = 0x5ef;
const miner = testKey('stf-miner', 0);

function setup(params: Partial<ChainParams> = {}, balance?: bigint) {
  const { genesis, keys } = createTestGenesis({ accounts: 4, params, ...(balance !== undefined ? { balance } : {}) });
  const { state, acc, block } = genesisParts(genesis);
  return { genesis, keys, state, acc, ctx: contextOf(genesis), parent: block.header };
}

function blockOf(txs: readonly Tx[], minerPub: Uint8Array = miner.pub, height = 1): Block {
  return {
    header: {
      version: BLOCK_VERSION,
      parentHash: new Uint8Array(32),
      height,
      timestamp: 1_700_000_000_000 + height * 1000,
      txRoot: new Uint8Array(32),
      stateRoot: new Uint8Array(32),
      receiptRoot: new Uint8Array(32),
      baseTarget: 1n << 255n,
      miner: minerPub,
      nonce: 0n,
    },
    sig: new Uint8Array(64),
    txs,
  };
}

/** The post-state of a result: the pre-state with its changes written. */
function post(pre: MemoryState, r: ApplyBlockResult): MemoryState {
  const s = new MemoryState(pre.map);
  s.applyWrites(r.changes.map((c) => [c.key, c.value] as const));
  return s;
}

function blockError(fn: () => unknown): BlockError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BlockError);
    return err as BlockError;
  }
  throw new Error('expected a BlockError, the block was applied');
}

const sumBalances = (s: MemoryState) => listAccounts(s).reduce((t, a) => t + a.balance, 0n);
const bal = (s: MemoryState, k: TestKey | Uint8Array) => getAccount(s, k instanceof Uint8Array ? k : k.id).balance;

describe('applyBlock: transfers', () => {
  it('moves exactly the amount, charges the fee and uses the nonce', () => {
    const { keys, state, acc, ctx } = setup({ communitySharePercent: 10 });
    const [, a, b] = keys as [TestKey, TestKey, TestKey];
    const r = applyBlock(state, acc, blockOf([makeTransfer(a, b, 12_345n, 0, 150n)]), ctx);
    const s = post(state, r);
    expect(r.receipts.map((x) => x.error)).toEqual(['']);
    expect(bal(s, a)).toBe(bal(state, a) - 12_345n - 150n);
    expect(bal(s, b)).toBe(bal(state, b) + 12_345n);
    expect(getAccount(s, a.id).nonce).toBe(1);
    expect(getAccount(s, b.id).nonce).toBe(0);
    expect(r.fees).toBe(150n);
  });

  it('creates the recipient account when it did not exist', () => {
    const { keys, state, acc, ctx } = setup();
    const fresh = testKey('stf-fresh', 0);
    expect(state.get(`a/${toHex(fresh.id)}`)).toBeUndefined();
    const s = post(state, applyBlock(state, acc, blockOf([makeTransfer(keys[1]!, fresh, 1n, 0)]), ctx));
    expect(getAccount(s, fresh.id)).toEqual({ balance: 1n, nonce: 0 });
  });

  it('applies a sender\'s consecutive nonces in one block, and a transfer to oneself costs only the fee', () => {
    const { keys, state, acc, ctx } = setup();
    const a = keys[1]!;
    const txs = [makeTransfer(a, keys[2]!, 10n, 0), makeTransfer(a, a, 999n, 1), makeTransfer(a, keys[3]!, 20n, 2)];
    const r = applyBlock(state, acc, blockOf(txs), ctx);
    const s = post(state, r);
    expect(r.receipts.map((x) => x.error)).toEqual(['', '', '']);
    expect(getAccount(s, a.id)).toEqual({ balance: bal(state, a) - 30n - 300n, nonce: 3 });
  });

  it('fails an overspend with INSUFFICIENT_FUNDS: fee still charged, nonce used, nothing moved', () => {
    const { keys, state, acc, ctx } = setup({}, 10_000n);
    const [, a, b] = keys as [TestKey, TestKey, TestKey];
    // 9,901 + fee 100 = 10,001 > 10,000; the next nonce still applies in the same block.
    const txs = [makeTransfer(a, b, 9_901n, 0), makeTransfer(a, b, 9_800n, 1)];
    const r = applyBlock(state, acc, blockOf(txs), ctx);
    const s = post(state, r);
    expect(r.receipts[0]!.error).toBe('INSUFFICIENT_FUNDS');
    expect(r.receipts[0]!.message).toContain('9901');
    expect(r.receipts[1]!.error).toBe('');
    expect(getAccount(s, a.id)).toEqual({ balance: 10_000n - 100n - 100n - 9_800n, nonce: 2 });
    expect(bal(s, b)).toBe(10_000n + 9_800n);
    expect(r.fees).toBe(200n);
  });

  it('spends exactly the whole balance', () => {
    const { keys, state, acc, ctx } = setup({}, 10_000n);
    const s = post(state, applyBlock(state, acc, blockOf([makeTransfer(keys[1]!, keys[2]!, 9_900n, 0)]), ctx));
    expect(getAccount(s, keys[1]!.id)).toEqual({ balance: 0n, nonce: 1 });
  });
});

describe('applyBlock: reward, fees and supply', () => {
  it('pays reward + fees to the miner minus the community share, floored in the miner\'s favour', () => {
    const { keys, state, acc, ctx } = setup({ blockReward: 1_000_003n, communitySharePercent: 10 });
    const txs = [makeTransfer(keys[1]!, keys[2]!, 5n, 0, 100n), makeTransfer(keys[2]!, keys[1]!, 5n, 0, 150n)];
    const s = post(state, applyBlock(state, acc, blockOf(txs), ctx));
    // total 1,000,253: pool floor(100,025.3) = 100,025, miner the remaining 900,228.
    expect(bal(s, COMMUNITY_POOL_ID)).toBe(100_025n);
    expect(bal(s, miner)).toBe(900_228n);
  });

  it('pays everything to the miner with a 0% share and everything to the pool with 100%', () => {
    const none = setup({ blockReward: 777n, communitySharePercent: 0 });
    const s0 = post(none.state, applyBlock(none.state, none.acc, blockOf([]), none.ctx));
    expect(bal(s0, miner)).toBe(777n);
    expect(s0.get(`a/${toHex(COMMUNITY_POOL_ID)}`)).toBeUndefined();
    const all = setup({ blockReward: 777n, communitySharePercent: 100 });
    const s1 = post(all.state, applyBlock(all.state, all.acc, blockOf([]), all.ctx));
    expect(bal(s1, COMMUNITY_POOL_ID)).toBe(777n);
    expect(bal(s1, miner)).toBe(0n);
  });

  it('a miner who also sends pays its fee and gets it back in the reward', () => {
    const { keys, state, acc, ctx } = setup({ blockReward: 1000n, communitySharePercent: 10 });
    const m = keys[1]!;
    const s = post(state, applyBlock(state, acc, blockOf([makeTransfer(m, keys[2]!, 50n, 0, 200n)], m.pub), ctx));
    // total 1,200: pool 120, miner 1,080; the miner paid 50 + 200.
    expect(bal(s, m)).toBe(bal(state, m) - 250n + 1_080n);
  });

  it('grows the supply by the block reward only (fees move, they are not minted)', () => {
    const { keys, state, acc, ctx } = setup({ blockReward: 5_000_000n });
    const txs = [makeTransfer(keys[1]!, keys[2]!, 5n, 0, 1_000n), makeTransfer(keys[3]!, keys[2]!, 5n, 0, 2_000n)];
    const s = post(state, applyBlock(state, acc, blockOf(txs), ctx));
    expect(getSupply(s)).toBe(getSupply(state) + 5_000_000n);
    expect(sumBalances(s)).toBe(getSupply(s));
  });

  it('with no block reward, leaves the supply as it was', () => {
    const { keys, state, acc, ctx } = setup({ blockReward: 0n });
    const s = post(state, applyBlock(state, acc, blockOf([makeTransfer(keys[1]!, keys[2]!, 5n, 0)]), ctx));
    expect(getSupply(s)).toBe(getSupply(state));
    expect(sumBalances(s)).toBe(getSupply(s));
  });
});

describe('applyBlock: transactions a miner must not include make the block invalid', () => {
  const cases: Array<[string, (k: TestKey[]) => Tx]> = [
    ['a nonce ahead of the account', (k) => makeTransfer(k[1]!, k[2]!, 1n, 1)],
    ['a nonce already used', (k) => ({ ...makeTransfer(k[1]!, k[2]!, 1n, 0), nonce: -1 })],
    ['another chain\'s transaction', (k) => makeTransfer(k[1]!, k[2]!, 1n, 0, 100n, 'tesnode-other')],
    ['a fee below minFee', (k) => makeTransfer(k[1]!, k[2]!, 1n, 0, 99n)],
    ['a fee the sender cannot pay', (k) => makeTransfer(k[1]!, k[2]!, 1n, 0, 10_001n)],
    ['a sender with no account', () => makeTransfer(testKey('nobody', 0), testKey('nobody', 1), 0n, 0)],
  ];
  it.each(cases)('%s: INVALID_TX, and the pre-state is untouched', (_name, make) => {
    const { keys, state, acc, ctx } = setup({ minFee: 100n }, 10_000n);
    const before = new Map(state.map);
    const ok = makeTransfer(keys[3]!, keys[2]!, 1n, 0);
    const err = blockError(() => applyBlock(state, acc, blockOf([ok, make(keys)]), ctx));
    expect(err.code).toBe('INVALID_TX');
    expect(state.map).toEqual(before);
  });

  it('the second of two transactions with the same nonce', () => {
    const { keys, state, acc, ctx } = setup();
    const txs = [makeTransfer(keys[1]!, keys[2]!, 1n, 0), makeTransfer(keys[1]!, keys[2]!, 2n, 0)];
    const err = blockError(() => applyBlock(state, acc, blockOf(txs), ctx));
    expect(err.code).toBe('INVALID_TX');
    expect(err.message).toContain('nonce 0');
  });
});

describe('applyBlock: determinism and the undo record', () => {
  it('gives the same root and changes twice for the same pre-state and block, and the root is that of the whole post-state', () => {
    const { keys, state, acc, ctx } = setup();
    const block = blockOf([makeTransfer(keys[1]!, keys[2]!, 77n, 0), makeTransfer(keys[2]!, keys[3]!, 88n, 0)]);
    const accBefore = toHex(acc.root());
    const r1 = applyBlock(state, acc, block, ctx);
    const r2 = applyBlock(state, acc, block, ctx);
    expect(toHex(r1.stateRoot)).toBe(toHex(r2.stateRoot));
    expect(r1.changes).toEqual(r2.changes);
    expect(toHex(acc.root())).toBe(accBefore); // the pre-state accumulator is not changed
    expect(toHex(r1.stateRoot)).toBe(toHex(accumulateState(post(state, r1)).root()));
    expect(toHex(r1.stateRoot)).not.toBe(accBefore);
  });

  it('records every changed key\'s previous value, so writing them back restores the pre-state', () => {
    const { keys, state, acc, ctx } = setup();
    const fresh = testKey('stf-fresh', 1);
    const r = applyBlock(state, acc, blockOf([makeTransfer(keys[1]!, fresh, 5n, 0)]), ctx);
    const s = post(state, r);
    s.applyWrites(r.changes.map((c) => [c.key, c.prev] as const));
    expect(s.map).toEqual(state.map);
  });

  it('depends on the miner: another miner gives another root', () => {
    const { state, acc, ctx } = setup();
    const r1 = applyBlock(state, acc, blockOf([], miner.pub), ctx);
    const r2 = applyBlock(state, acc, blockOf([], testKey('stf-miner', 1).pub), ctx);
    expect(toHex(r1.stateRoot)).not.toBe(toHex(r2.stateRoot));
  });
});

describe('applyBlock properties', () => {
  it('over random transfers (with overspends and invalid ones) throws only BlockError, conserves value and keeps balances non-negative', () => {
    const accounts = 4;
    const txArb = fc.record({
      from: fc.integer({ min: 0, max: accounts - 1 }),
      // One past the funded keys: a fresh account; two past: the community pool.
      to: fc.integer({ min: 0, max: accounts + 1 }),
      amount: fc.oneof(fc.bigInt({ min: 0n, max: 3_000n }), fc.bigInt({ min: 0n, max: 20_000n }), fc.constant(2n ** 63n - 1n)),
      fee: fc.oneof({ weight: 5, arbitrary: fc.constant(100n) }, fc.bigInt({ min: 100n, max: 5_000n }), fc.constantFrom(99n, 0n, 2n ** 63n - 1n)),
      nonceSkew: fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, fc.constantFrom(-1, 1)),
    });
    const blocksArb = fc.array(fc.record({ txs: fc.array(txArb, { maxLength: 6 }), miner: fc.integer({ min: 0, max: accounts }) }), { minLength: 1, maxLength: 8 });
    let applied = 0;
    let rejected = 0;
    fc.assert(
      fc.property(blocksArb, fc.integer({ min: 0, max: 100 }), (blocks, share) => {
        const { keys, ctx, state: s0, acc: a0 } = setup({ blockReward: 1_003n, communitySharePercent: share }, 10_000n);
        const fresh = testKey('stf-prop', 0);
        const who = (i: number): Uint8Array => (i < accounts ? keys[i]!.id : i === accounts ? fresh.id : COMMUNITY_POOL_ID);
        let state = s0;
        let acc: LtHash = a0;
        blocks.forEach((b, height) => {
          const nonces = keys.map((k) => getAccount(state, k.id).nonce);
          const txs = b.txs.map((t) => {
            const nonce = nonces[t.from]! + t.nonceSkew;
            nonces[t.from]!++;
            return { ...makeTransfer(keys[t.from]!, who(t.to), t.amount, nonce, t.fee), sig: new Uint8Array(64) };
          });
          const minerPub = b.miner < accounts ? keys[b.miner]!.pub : miner.pub;
          let r: ApplyBlockResult;
          try {
            r = applyBlock(state, acc, blockOf(txs, minerPub, height + 1), ctx);
          } catch (err) {
            expect(err).toBeInstanceOf(BlockError);
            expect((err as BlockError).code).toBe('INVALID_TX');
            rejected++;
            return;
          }
          applied++;
          const next = post(state, r);
          for (const a of listAccounts(next)) expect(a.balance >= 0n).toBe(true);
          expect(sumBalances(next)).toBe(getSupply(next));
          expect(getSupply(next)).toBe(getSupply(state) + 1_003n);
          expect(toHex(r.stateRoot)).toBe(toHex(accumulateState(next).root()));
          for (const rc of r.receipts) expect(['', 'INSUFFICIENT_FUNDS']).toContain(rc.error);
          state = next;
          acc = r.acc;
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
    // Both outcomes were exercised, so the property is not vacuous.
    expect(applied).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(50);
  });
});
