import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_VERSION, computeTxRoot, headerHash, signHeader } from '../../../src/chain/block.ts';
import { BlockError } from '../../../src/chain/chainError.ts';
import { encode } from '../../../src/chain/codec.ts';
import { toHex } from '../../../src/chain/bytes.ts';
import { accountIdFromPublicKey, getMinerCredit } from '../../../src/chain/state/accounts.ts';
import { creditKey } from '../../../src/chain/state/keys.ts';
import { MemoryState } from '../../../src/chain/state/stateReader.ts';
import { computeNextTargetReference } from '../../../src/consensus/difficultyReference.ts';
import { expectedBaseTarget, medianTimePast, validateBlockContextFree, validateHeaderContext, validateWork } from '../../../src/consensus/validateBlock.ts';
import { MAX_TARGET, boostedTarget, hashToBigInt } from '../../../src/consensus/work.ts';
import { TEST_PARAMS, buildBlock, contextOf, createTestGenesis, genesisParts, makeTransfer, openTestChain, testKey, type BuildBlockInput, type TestChain } from '../../helpers/testChain.ts';
import type { ChainContext } from '../../../src/chain/module/context.ts';
import type { Block, BlockHeader } from '../../../src/chain/types.ts';

const SEED = 0x7a1d;
const miner = testKey('validate-miner', 0);
const { genesis, keys } = createTestGenesis();
const ctx = contextOf(genesis);
const TWO_256 = 1n << 256n;

function blockError(fn: () => unknown): BlockError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BlockError);
    return err as BlockError;
  }
  throw new Error('expected a BlockError, the block passed');
}

/** A valid child of genesis (mined against the easy test target). */
function child(opts: Partial<BuildBlockInput> = {}): Block {
  const { state, acc, block } = genesisParts(genesis);
  return buildBlock({ parent: block.header, state, acc, ctx, minerSecret: miner.secret, ...opts });
}

/** Re-signs a block after a header change (no nonce search: for checks that come before the work). */
function resign(b: Block, h: BlockHeader): Block {
  return { ...b, header: h, sig: signHeader(h, miner.secret) };
}

/** The first nonce whose hash is in (lo, hi], signed by `secret`. */
function nonceBetween(h: BlockHeader, lo: bigint, hi: bigint, secret: Uint8Array): { header: BlockHeader; sig: Uint8Array; hash: Uint8Array } {
  for (let nonce = 0n; nonce < 100_000n; nonce++) {
    const header = { ...h, nonce };
    const hash = headerHash(header);
    const v = hashToBigInt(hash);
    if (v > lo && v <= hi) return { header, sig: signHeader(header, secret), hash };
  }
  throw new Error('no nonce in range');
}

describe('medianTimePast', () => {
  it('is the middle of the (up to 11) recent timestamps, in any order', () => {
    expect(medianTimePast([5])).toBe(5);
    expect(medianTimePast([30, 10, 20])).toBe(20);
    expect(medianTimePast([11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6])).toBe(6);
    // With an even count (early chain) it is the upper of the two middle values.
    expect(medianTimePast([4, 1, 3, 2])).toBe(3);
  });

  it('has at most half the timestamps below it and does not reorder its input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 11 }), (ts) => {
        const copy = [...ts];
        const m = medianTimePast(ts);
        expect(ts).toEqual(copy);
        expect(ts).toContain(m);
        expect(ts.filter((t) => t < m).length).toBeLessThanOrEqual(Math.floor(ts.length / 2));
        expect(ts.filter((t) => t <= m).length).toBeGreaterThan(Math.floor(ts.length / 2));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('expectedBaseTarget', () => {
  const devCtx: ChainContext = { ...ctx, params: { ...TEST_PARAMS, genesisTarget: 1n << 200n, maxTarget: 1n << 230n } };
  const parent = (height: number, timestamp: number): BlockHeader => ({ ...genesisParts(genesis).block.header, height, timestamp });

  it('keeps the genesis target on schedule, doubles it a half-life late and halves it a half-life early', () => {
    const p = devCtx.params;
    const t0 = devCtx.genesisTime;
    expect(expectedBaseTarget(parent(0, t0), devCtx)).toBe(p.genesisTarget);
    expect(expectedBaseTarget(parent(50, t0 + 50 * p.blockTimeMs), devCtx)).toBe(p.genesisTarget);
    expect(expectedBaseTarget(parent(50, t0 + 50 * p.blockTimeMs + p.asertHalfLifeMs), devCtx)).toBe(p.genesisTarget * 2n);
    expect(expectedBaseTarget(parent(50, t0 + 50 * p.blockTimeMs - p.asertHalfLifeMs), devCtx)).toBe(p.genesisTarget / 2n);
    // Never easier than maxTarget.
    expect(expectedBaseTarget(parent(1, t0 + 1e12), devCtx)).toBe(p.maxTarget);
  });

  it('equals the reference ASERT implementation for any parent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: -(2 ** 36), max: 2 ** 36 }), (height, drift) => {
        const p = devCtx.params;
        const ts = devCtx.genesisTime + height * p.blockTimeMs + drift;
        const ref = computeNextTargetReference({
          anchorTarget: p.genesisTarget,
          anchorTimeMs: devCtx.genesisTime,
          anchorHeight: 0,
          parentTimeMs: ts,
          parentHeight: height,
          blockTimeMs: p.blockTimeMs,
          halfLifeMs: p.asertHalfLifeMs,
          maxTarget: p.maxTarget,
        });
        expect(expectedBaseTarget(parent(height, ts), devCtx)).toBe(ref);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });
});

describe('validateBlockContextFree', () => {
  it('accepts a valid block and returns its hash and transaction hashes', () => {
    const tx = makeTransfer(keys[1]!, keys[2]!, 5n, 0);
    const b = child({ txs: [tx] });
    const checked = validateBlockContextFree(b, ctx);
    expect(toHex(checked.hash)).toBe(toHex(headerHash(b.header)));
    expect(checked.txHashes).toHaveLength(1);
  });

  it('rejects an unknown version with BAD_VERSION', () => {
    const b = child();
    expect(blockError(() => validateBlockContextFree(resign(b, { ...b.header, version: BLOCK_VERSION + 1 }), ctx)).code).toBe('BAD_VERSION');
  });

  it('rejects more transactions than maxBlockTxs with TOO_LARGE', () => {
    const small: ChainContext = { ...ctx, params: { ...ctx.params, maxBlockTxs: 1 } };
    const b = child({ txs: [makeTransfer(keys[1]!, keys[2]!, 5n, 0), makeTransfer(keys[1]!, keys[2]!, 5n, 1)] });
    expect(blockError(() => validateBlockContextFree(b, small)).code).toBe('TOO_LARGE');
  });

  it('rejects a base target of 0 or above maxTarget with BAD_TARGET', () => {
    const b = child();
    for (const baseTarget of [0n, ctx.params.maxTarget + 1n]) {
      expect(blockError(() => validateBlockContextFree(resign(b, { ...b.header, baseTarget }), ctx)).code).toBe('BAD_TARGET');
    }
  });

  it('rejects a hash over even the fully boosted target with BAD_POW, before checking the signature', () => {
    const hard: ChainContext = { ...ctx, params: { ...ctx.params, maxBoost: 2 } };
    const base = 1n << 250n;
    const b = child();
    const full = boostedTarget(base, 1000, 2);
    const { header } = nonceBetween({ ...b.header, baseTarget: base }, full, MAX_TARGET, miner.secret);
    // Signature left invalid on purpose: the cheap work check comes first.
    expect(blockError(() => validateBlockContextFree({ ...b, header }, hard)).code).toBe('BAD_POW');
  });

  it('rejects a signature that is not the miner\'s with BAD_MINER_SIG', () => {
    const b = child();
    const other = testKey('validate-miner', 1);
    expect(blockError(() => validateBlockContextFree({ ...b, sig: signHeader(b.header, other.secret) }, ctx)).code).toBe('BAD_MINER_SIG');
  });

  it('rejects transactions that do not match the tx root with BAD_TX_ROOT', () => {
    const b = child({ txs: [makeTransfer(keys[1]!, keys[2]!, 5n, 0)] });
    expect(blockError(() => validateBlockContextFree({ ...b, txs: [makeTransfer(keys[1]!, keys[2]!, 6n, 0)] }, ctx)).code).toBe('BAD_TX_ROOT');
    expect(blockError(() => validateBlockContextFree({ ...b, txs: [] }, ctx)).code).toBe('BAD_TX_ROOT');
  });

  it('rejects a repeated transaction, another chain\'s, or a bad signature with INVALID_TX', () => {
    const tx = makeTransfer(keys[1]!, keys[2]!, 5n, 0);
    const forged = { ...tx, payload: { ...tx.payload, amount: 6n } };
    const foreign = makeTransfer(keys[1]!, keys[2]!, 5n, 0, 100n, 'tesnode-other');
    for (const txs of [[tx, tx], [foreign], [forged]]) {
      const b = child({ txs });
      expect(toHex(b.header.txRoot)).toBe(toHex(computeTxRoot(txs)));
      expect(blockError(() => validateBlockContextFree(b, ctx)).code).toBe('INVALID_TX');
    }
  });
});

describe('validateHeaderContext', () => {
  const g = genesisParts(genesis).block.header;
  const t0 = genesis.timestamp;
  const parentCtx = { header: { ...g, height: 10, timestamp: t0 + 10_000 }, recentTimestamps: [t0 + 10_000, t0 + 9_000, t0 + 8_000, t0 + 7_000, t0 + 6_000] };
  const ok: BlockHeader = { ...g, height: 11, timestamp: t0 + 11_000, baseTarget: expectedBaseTarget(parentCtx.header, ctx) };
  const now = t0 + 11_000;

  it('accepts a header that follows its parent', () => {
    expect(() => validateHeaderContext(ok, parentCtx, ctx, now)).not.toThrow();
  });

  it('rejects a height that does not follow the parent with BAD_HEIGHT', () => {
    for (const height of [10, 12, 0]) expect(blockError(() => validateHeaderContext({ ...ok, height }, parentCtx, ctx, now)).code).toBe('BAD_HEIGHT');
  });

  it('requires a timestamp after the median time past (TIME_TOO_OLD at it, accepted one past it)', () => {
    const mtp = medianTimePast(parentCtx.recentTimestamps);
    expect(mtp).toBe(t0 + 8_000);
    expect(blockError(() => validateHeaderContext({ ...ok, timestamp: mtp }, parentCtx, ctx, now)).code).toBe('TIME_TOO_OLD');
    expect(() => validateHeaderContext({ ...ok, timestamp: mtp + 1 }, parentCtx, ctx, now)).not.toThrow();
  });

  it('allows a timestamp up to maxFutureMs ahead of the clock and no more (TIME_TOO_NEW)', () => {
    const limit = now + ctx.params.maxFutureMs;
    expect(() => validateHeaderContext({ ...ok, timestamp: limit }, parentCtx, ctx, now)).not.toThrow();
    expect(blockError(() => validateHeaderContext({ ...ok, timestamp: limit + 1 }, parentCtx, ctx, now)).code).toBe('TIME_TOO_NEW');
  });

  it('requires exactly the scheduled base target (BAD_TARGET), harder or easier', () => {
    for (const baseTarget of [ok.baseTarget - 1n, ok.baseTarget / 2n]) {
      expect(blockError(() => validateHeaderContext({ ...ok, baseTarget }, parentCtx, ctx, now)).code).toBe('BAD_TARGET');
    }
  });
});

describe('the credit boost is part of validation', () => {
  const base = 1n << 250n;
  const creditMiner = testKey('validate-credit', 0);
  const plainMiner = testKey('validate-credit', 1);
  const state = new MemoryState([[creditKey(accountIdFromPublicKey(creditMiner.pub)), encode([500])]]);
  const header = (m: Uint8Array): BlockHeader => ({ ...genesisParts(genesis).block.header, height: 1, baseTarget: base, miner: m, nonce: 0n });

  it('reads the miner\'s credit from the c/<id> record of the state; no record is credit 0', () => {
    expect(getMinerCredit(state, creditMiner.pub)).toBe(500);
    expect(getMinerCredit(state, plainMiner.pub)).toBe(0);
    expect(getMinerCredit(new MemoryState([[creditKey(accountIdFromPublicKey(plainMiner.pub)), encode([5000])]]), plainMiner.pub)).toBe(0);
  });

  it('accepts a hash over the base target but within baseTarget*boost(credit) for that miner only', () => {
    const boosted = boostedTarget(base, 500, ctx.params.maxBoost); // boost 2.5 with maxBoost 4
    expect(boosted).toBe((base * 25n) / 10n);
    const mined = nonceBetween(header(creditMiner.pub), base, boosted, creditMiner.secret);
    const work = validateWork(mined.hash, mined.header, getMinerCredit(state, creditMiner.pub), ctx);
    expect(work).toBe(TWO_256 / boosted);
    // The same kind of hash from a miner without credit is no proof of work.
    const plain = nonceBetween(header(plainMiner.pub), base, boosted, plainMiner.secret);
    expect(blockError(() => validateWork(plain.hash, plain.header, getMinerCredit(state, plainMiner.pub), ctx)).code).toBe('BAD_POW');
    expect(blockError(() => validateWork(mined.hash, mined.header, 0, ctx)).code).toBe('BAD_POW');
  });

  it('credits a boosted block with less work than an unboosted one: work = 2^256 / boostedTarget', () => {
    const mined = nonceBetween(header(creditMiner.pub), 0n, base, creditMiner.secret);
    expect(validateWork(mined.hash, mined.header, 0, ctx)).toBe(TWO_256 / base);
    expect(validateWork(mined.hash, mined.header, 500, ctx)).toBe(TWO_256 / boostedTarget(base, 500, ctx.params.maxBoost));
    expect(validateWork(mined.hash, mined.header, 1000, ctx)).toBe(TWO_256 / (base * 4n));
  });

  it('lets a block that only a boosted miner could claim pass the context-free layer (the exact boost is checked later)', () => {
    const boosted = boostedTarget(base, 1000, ctx.params.maxBoost);
    const b = child();
    const mined = nonceBetween({ ...header(creditMiner.pub), txRoot: b.header.txRoot }, base, boosted, creditMiner.secret);
    expect(() => validateBlockContextFree({ header: mined.header, sig: mined.sig, txs: [] }, ctx)).not.toThrow();
  });
});

describe('the credit boost in a chain import', () => {
  let tc: TestChain | undefined;
  afterEach(async () => {
    await tc?.destroy();
    tc = undefined;
  });

  it('accepts a boosted miner\'s block whose hash misses the base target, reading credit from the parent state', async () => {
    const hard = createTestGenesis({ params: { genesisTarget: 1n << 250n, maxTarget: 1n << 250n } });
    tc = await openTestChain(hard.genesis);
    const { chain } = tc;
    const creditMiner = testKey('validate-credit', 2);
    // A credit record in the head state (the credit rules would write it; set here directly in memory).
    chain.state.map.set(creditKey(accountIdFromPublicKey(creditMiner.pub)), encode([1000]));
    const plainMiner = testKey('validate-credit', 3);
    const base = 1n << 250n;
    const boosted = boostedTarget(base, 1000, chain.ctx.params.maxBoost);

    const make = (secret: Uint8Array) => {
      const tpl = buildBlock({ parent: chain.head.header, state: chain.state, acc: chain.acc, ctx: chain.ctx, minerSecret: secret });
      const m = nonceBetween(tpl.header, base, boosted, secret);
      return { header: m.header, sig: m.sig, txs: [] } as Block;
    };
    const plainBlock = make(plainMiner.secret);
    await expect(chain.importBlock(plainBlock)).rejects.toMatchObject({ code: 'BAD_POW' });
    const res = await chain.importBlock(make(creditMiner.secret));
    expect(res.status).toBe('head');
    expect(chain.head.work).toBe(TWO_256 / boosted);
  });
});
