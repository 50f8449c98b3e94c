import { MODULES } from '../../../src/node/modules.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encode, type Encodable } from '../../../src/chain/codec.ts';
import { bigintToBytes, concatBytes, toHex } from '../../../src/chain/bytes.ts';
import { BlockError } from '../../../src/chain/chainError.ts';
import {
  BLOCK_VERSION,
  computeTxRoot,
  decodeBlock,
  decodeHeader,
  encodeBlock,
  encodeHeader,
  headerHash,
  isMinerSignatureValid,
  miningPrefix,
  signHeader,
} from '../../../src/chain/block.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { txHash, txToWire } from '../../../src/chain/tx.ts';
import { merkleRoot } from '../../../src/chain/merkle.ts';
import { makeTransfer, testKey } from '../../helpers/testChain.ts';
import type { Block, BlockHeader } from '../../../src/chain/types.ts';

const SEED = 0xb10c;
const miner = testKey('block', 0);
const alice = testKey('block', 1);
const bob = testKey('block', 2);

function header(over: Partial<BlockHeader> = {}): BlockHeader {
  return {
    version: BLOCK_VERSION,
    parentHash: new Uint8Array(32).fill(0xaa),
    height: 42,
    timestamp: 1_700_000_123_456,
    txRoot: new Uint8Array(32).fill(0xbb),
    stateRoot: new Uint8Array(32).fill(0xcc),
    receiptRoot: new Uint8Array(32).fill(0xdd),
    baseTarget: 1n << 240n,
    miner: miner.pub,
    nonce: 123_456_789n,
    ...over,
  };
}

function block(txCount = 3): Block {
  const txs = Array.from({ length: txCount }, (_, i) => makeTransfer(alice, bob, BigInt(1000 + i), i));
  const h = header({ txRoot: computeTxRoot(txs) });
  return { header: h, sig: signHeader(h, miner.secret), txs };
}

function blockError(fn: () => unknown): BlockError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BlockError);
    return err as BlockError;
  }
  throw new Error('expected a BlockError, nothing was thrown');
}

const headerArb: fc.Arbitrary<BlockHeader> = fc.record({
  version: fc.constant(BLOCK_VERSION),
  parentHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  height: fc.integer({ min: 0, max: 0xffffffff }),
  timestamp: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  txRoot: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  stateRoot: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  receiptRoot: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  baseTarget: fc.bigInt({ min: 1n, max: 2n ** 256n - 1n }),
  miner: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
});

describe('block encoding', () => {
  it('round trips a block with transactions', () => {
    const b = block(3);
    const bytes = encodeBlock(b);
    const back = decodeBlock(bytes, MODULES);
    expect(back).toEqual(b);
    expect(toHex(encodeBlock(back))).toBe(toHex(bytes));
    expect(isMinerSignatureValid(back)).toBe(true);
    expect(back.txs.map((t) => toHex(txHash(t)))).toEqual(b.txs.map((t) => toHex(txHash(t))));
  });

  it('round trips any header, and the block hash is SHA-256 of its encoding', () => {
    fc.assert(
      fc.property(headerArb, (h) => {
        const bytes = encodeHeader(h);
        expect(decodeHeader(bytes)).toEqual(h);
        expect(toHex(headerHash(h))).toBe(toHex(sha256(bytes)));
        const b: Block = { header: h, sig: new Uint8Array(64).fill(7), txs: [] };
        expect(decodeBlock(encodeBlock(b), MODULES)).toEqual(b);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('miningPrefix(h) || nonce (8 bytes big-endian) hashes to headerHash for any nonce', () => {
    fc.assert(
      fc.property(headerArb, fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (h, nonce) => {
        const prefix = miningPrefix(h);
        expect(toHex(sha256(concatBytes(prefix, bigintToBytes(nonce, 8))))).toBe(toHex(headerHash({ ...h, nonce })));
        // The prefix does not depend on the nonce the header carried.
        expect(toHex(miningPrefix({ ...h, nonce }))).toBe(toHex(prefix));
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  });

  it('commits every header field to the block hash', () => {
    const h = header();
    const base = toHex(headerHash(h));
    const changed: BlockHeader[] = [
      header({ version: BLOCK_VERSION + 1 }),
      header({ parentHash: new Uint8Array(32).fill(0xab) }),
      header({ height: 43 }),
      header({ timestamp: h.timestamp + 1 }),
      header({ txRoot: new Uint8Array(32).fill(0xbc) }),
      header({ stateRoot: new Uint8Array(32).fill(0xcd) }),
      header({ receiptRoot: new Uint8Array(32).fill(0xde) }),
      header({ baseTarget: h.baseTarget + 1n }),
      header({ miner: alice.pub }),
      header({ nonce: h.nonce + 1n }),
    ];
    const hashes = new Set(changed.map((c) => toHex(headerHash(c))));
    expect(hashes.size).toBe(changed.length);
    expect(hashes.has(base)).toBe(false);
  });
});

describe('miner signature', () => {
  it('is valid only for the header it signed and the key it names', () => {
    const b = block(1);
    expect(isMinerSignatureValid(b)).toBe(true);
    expect(isMinerSignatureValid({ ...b, header: { ...b.header, nonce: b.header.nonce + 1n } })).toBe(false);
    expect(isMinerSignatureValid({ ...b, header: { ...b.header, miner: alice.pub } })).toBe(false);
    const sig = b.sig.slice();
    sig[10] = sig[10]! ^ 1;
    expect(isMinerSignatureValid({ ...b, sig })).toBe(false);
  });
});

describe('decodeBlock rejects', () => {
  it('a non-canonical encoding with MALFORMED', () => {
    const b = block(0);
    const bytes = encodeBlock(b);
    // [header, sig, []]: rewrite the empty tx list (the last byte, fixarray 0) as array16.
    expect(bytes[bytes.length - 1]).toBe(0x90);
    const long = concatBytes(bytes.subarray(0, bytes.length - 1), new Uint8Array([0xdc, 0, 0]));
    expect(blockError(() => decodeBlock(long, MODULES)).code).toBe('MALFORMED');
  });

  it('a block over the byte limit with TOO_LARGE', () => {
    const bytes = encodeBlock(block(3));
    expect(decodeBlock(bytes, MODULES, bytes.length).txs).toHaveLength(3);
    expect(blockError(() => decodeBlock(bytes, MODULES, bytes.length - 1)).code).toBe('TOO_LARGE');
  });

  it('more transactions than allowed with MALFORMED', () => {
    const bytes = encodeBlock(block(3));
    expect(blockError(() => decodeBlock(bytes, MODULES, undefined, 2)).code).toBe('MALFORMED');
  });

  it('a malformed transaction with BAD_TX naming its index', () => {
    const b = block(2);
    const txs = b.txs.map(txToWire);
    (txs[1] as Encodable[])[2] = -1; // nonce
    const wire: Encodable = [headerWire(b), b.sig, txs];
    const err = blockError(() => decodeBlock(encode(wire), MODULES));
    expect(err.code).toBe('BAD_TX');
    expect(err.message).toContain('transaction 1');
  });

  it('header fields of the wrong shape with MALFORMED naming the field', () => {
    const b = block(0);
    expect(toHex(encode(headerWire(b)))).toBe(toHex(encodeHeader(b.header)));
    const cases: Array<[number, Encodable, string]> = [
      [1, new Uint8Array(31), 'parentHash'],
      [2, -1, 'height'],
      [3, 5, 'timestamp'], // a timestamp is an int64 bigint
      [3, 2n ** 53n, 'timestamp'],
      [4, new Uint8Array(33), 'txRoot'],
      [5, 'root', 'stateRoot'],
      [6, new Uint8Array(33), 'receiptRoot'],
      [7, new Uint8Array(31), 'baseTarget'],
      [8, new Uint8Array(20), 'miner'],
      [9, 1, 'nonce'], // the nonce is always int64 (the miner rewrites the last 8 bytes)
      [9, 2n ** 63n, 'nonce'],
    ];
    for (const [i, value, field] of cases) {
      const h = headerWire(b);
      h[i] = value;
      const err = blockError(() => decodeBlock(encode([h, b.sig, []]), MODULES));
      expect(err.code, field).toBe('MALFORMED');
      expect(err.message).toContain(field);
    }
    expect(blockError(() => decodeBlock(encode([headerWire(b), new Uint8Array(63), []]), MODULES)).message).toContain('signature');
    expect(blockError(() => decodeBlock(encode([headerWire(b), b.sig]), MODULES)).code).toBe('MALFORMED');
    expect(blockError(() => decodeHeader(encode(headerWire(b).slice(0, 9)))).code).toBe('MALFORMED');
  });

  it('garbage with a BlockError, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(() => decodeBlock(bytes, MODULES)).toThrow(BlockError);
      }),
      { seed: SEED + 2, numRuns: 500 },
    );
  });
});

describe('computeTxRoot', () => {
  it('is the merkle root of the transaction hashes', () => {
    const b = block(3);
    expect(toHex(computeTxRoot(b.txs))).toBe(toHex(merkleRoot(b.txs.map(txHash))));
    expect(toHex(computeTxRoot([]))).toBe(toHex(merkleRoot([])));
  });
});

/** The header of a block as its wire array, written out by hand (the layout encodeHeader uses). */
function headerWire(b: Block): Encodable[] {
  const h = b.header;
  return [h.version, h.parentHash, h.height, BigInt(h.timestamp), h.txRoot, h.stateRoot, h.receiptRoot, bigintToBytes(h.baseTarget, 32), h.miner, h.nonce];
}
