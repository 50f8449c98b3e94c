import { MODULES } from '../../../src/node/modules.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { encode, type Encodable } from '../../../src/chain/codec.ts';
import { concatBytes, fromHex, toHex, utf8 } from '../../../src/chain/bytes.ts';
import { TxError } from '../../../src/chain/chainError.ts';
import { getPublicKey, verifyReference } from '../../../src/chain/crypto/ed25519.ts';
import { MAX_TX_BYTES, decodeTx, encodeTx, isTxSignatureValid, signTx, txHash, txSigningMessage, txToWire } from '../../../src/chain/tx.ts';
import { sha256 } from '../../../src/chain/hash.ts';
import { makeTransfer, testKey, TEST_CHAIN_ID } from '../../helpers/testChain.ts';
import type { Tx } from '../../../src/chain/types.ts';

const SEED = 0x7a;
const alice = testKey('tx', 0);
const bob = testKey('tx', 1);

const golden = JSON.parse(readFileSync(new URL('../../vectors/codec/transfer.json', import.meta.url), 'utf8')) as Record<string, string | number>;

function goldenTx(): Tx {
  const secret = fromHex(golden.secretKey as string);
  return signTx(
    {
      chainId: golden.chainId as string,
      from: getPublicKey(secret),
      nonce: golden.nonce as number,
      fee: BigInt(golden.fee as string),
      kind: 'transfer',
      payload: { to: fromHex(golden.to as string), amount: BigInt(golden.amount as string) },
    },
    secret,
  );
}

function txError(fn: () => unknown): TxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TxError);
    return err as TxError;
  }
  throw new Error('expected a TxError, nothing was thrown');
}

/** A valid transfer's wire array, for tests that change one part of it by hand. */
function wire(): Encodable[] {
  return txToWire(makeTransfer(alice, bob, 1000n, 3));
}

function decodeWire(w: Encodable[]): Tx {
  return decodeTx(encode(w), MODULES);
}

describe('transaction golden vector (test/vectors/codec/transfer.json)', () => {
  it('a fixed key and fixed fields give exactly the recorded signature, encoding and hash', () => {
    const tx = goldenTx();
    expect(toHex(tx.from)).toBe(golden.publicKey);
    expect(toHex(txSigningMessage(tx))).toBe(golden.signingMessage);
    expect(toHex(tx.sig)).toBe(golden.signature);
    expect(toHex(encodeTx(tx))).toBe(golden.encoded);
    expect(toHex(txHash(tx))).toBe(golden.txHash);
  });

  it('the recorded encoding is the documented layout, byte by byte', () => {
    // [chainId, from, nonce, fee, kind, {to, amount}, sig] as msgpack, built by hand.
    const h = (s: string) => fromHex(s);
    const expected = concatBytes(
      h('97'), // fixarray of 7
      h('ac'), utf8('tesnode-test'), // fixstr 12
      h('c420'), fromHex(golden.publicKey as string), // bin8 32
      h('07'), // nonce 7 as fixint
      h('d30000000000000064'), // fee 100 as int64
      h('a8'), utf8('transfer'),
      h('82'), h('a2'), utf8('to'), h('c414'), fromHex(golden.to as string), h('a6'), utf8('amount'), h('d3000000000016e360'),
      h('c440'), fromHex(golden.signature as string), // bin8 64
    );
    expect(toHex(expected)).toBe(golden.encoded);
    // The signed message is a domain tag then the same array without the signature.
    expect(toHex(concatBytes(utf8('tesnode/tx/v1'), h('96'), expected.subarray(1, expected.length - 66)))).toBe(golden.signingMessage);
    expect(toHex(sha256(expected))).toBe(golden.txHash);
  });

  it('the recorded signature verifies under both verifiers and decodes back to the same transaction', () => {
    const tx = decodeTx(fromHex(golden.encoded as string), MODULES);
    expect(isTxSignatureValid(tx)).toBe(true);
    expect(verifyReference(tx.sig, txSigningMessage(tx), tx.from)).toBe(true);
    expect(tx).toEqual(goldenTx());
  });
});

describe('sign → encode → decode', () => {
  it('round trips any transfer and keeps a valid signature', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,63}$/),
        (nonce, fee, amount, to, chainId) => {
          const tx = signTx({ chainId, from: alice.pub, nonce, fee, kind: 'transfer', payload: { to, amount } }, alice.secret);
          const bytes = encodeTx(tx);
          const back = decodeTx(bytes, MODULES);
          expect(back).toEqual(tx);
          expect(toHex(encodeTx(back))).toBe(toHex(bytes));
          expect(isTxSignatureValid(back)).toBe(true);
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('any single-byte change of the encoding fails to decode or fails the signature check', () => {
    const bytes = encodeTx(makeTransfer(alice, bob, 123_456n, 9, 150n));
    let decodedButBad = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (const x of [0x01, 0x80, 0xff]) {
        const changed = bytes.slice();
        changed[i] = changed[i]! ^ x;
        let tx: Tx;
        try {
          tx = decodeTx(changed, MODULES);
        } catch (err) {
          expect(err).toBeInstanceOf(TxError);
          continue;
        }
        expect(isTxSignatureValid(tx), `byte ${i} ^ ${x} still verifies`).toBe(false);
        decodedButBad++;
      }
    }
    // Many changes (amount, key, signature bytes) still decode: the signature is what catches them.
    expect(decodedButBad).toBeGreaterThan(100);
  });

  it('a signature does not carry over to another chain, nonce, fee or recipient', () => {
    const tx = makeTransfer(alice, bob, 1000n, 0);
    const variants: Tx[] = [
      { ...tx, chainId: 'tesnode-other' },
      { ...tx, nonce: 1 },
      { ...tx, fee: tx.fee + 1n },
      { ...tx, payload: { ...tx.payload, to: new Uint8Array(20) } },
      { ...tx, payload: { ...tx.payload, amount: 1001n } },
      { ...tx, from: bob.pub },
    ];
    expect(isTxSignatureValid(tx)).toBe(true);
    for (const v of variants) expect(isTxSignatureValid(v)).toBe(false);
  });
});

describe('decodeTx rejects', () => {
  it('an unknown kind with UNKNOWN_KIND, naming it', () => {
    const w = wire();
    w[4] = 'teleport';
    const err = txError(() => decodeWire(w));
    expect(err.code).toBe('UNKNOWN_KIND');
    expect(err.message).toContain('teleport');
  });

  it('a kind that names an Object prototype property with UNKNOWN_KIND', () => {
    for (const kind of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const w = wire();
      w[4] = kind;
      expect(txError(() => decodeWire(w)).code).toBe('UNKNOWN_KIND');
    }
  });

  it('payload fields in the wrong order with MALFORMED', () => {
    const w = wire();
    const p = w[5] as { to: Uint8Array; amount: bigint };
    w[5] = { amount: p.amount, to: p.to };
    const err = txError(() => decodeWire(w));
    expect(err.code).toBe('MALFORMED');
    expect(err.message).toContain('to, amount');
  });

  it('an extra payload field, a missing one, or an extra element with MALFORMED', () => {
    const p = wire()[5] as { to: Uint8Array; amount: bigint };
    const payloads: Array<Record<string, Encodable>> = [{ to: p.to, amount: p.amount, memo: 'hi' }, { to: p.to }, {}];
    for (const payload of payloads) {
      const w = wire();
      w[5] = payload;
      expect(txError(() => decodeWire(w)).code).toBe('MALFORMED');
    }
    expect(txError(() => decodeWire([...wire(), 0])).code).toBe('MALFORMED');
    expect(txError(() => decodeWire(wire().slice(0, 6))).code).toBe('MALFORMED');
    expect(txError(() => decodeTx(encode({ chainId: TEST_CHAIN_ID }), MODULES)).code).toBe('MALFORMED');
  });

  it('fields of the wrong type with MALFORMED naming the field', () => {
    const cases: Array<[number, Encodable, string]> = [
      [0, 7, 'chainId'],
      [1, 'not bytes', 'sender public key'],
      [2, 3n, 'nonce'], // nonce is a u32 number, not an int64
      [2, -1, 'nonce'],
      [3, 100, 'fee'], // fee is an int64 bigint, not a number
      [3, -1n, 'fee'],
      [4, 5, 'kind'],
      [5, [new Uint8Array(20), 5n], 'payload'],
      [6, 'sig', 'signature'],
    ];
    for (const [i, value, field] of cases) {
      const w = wire();
      w[i] = value;
      const err = txError(() => decodeWire(w));
      expect(err.code, `field ${i}`).toBe('MALFORMED');
      expect(err.message).toContain(field);
    }
    const typed: Array<[Record<string, Encodable>, string]> = [
      [{ to: 'tes1…', amount: 5n }, 'transfer.to'],
      [{ to: new Uint8Array(20), amount: 5 }, 'transfer.amount'],
      [{ to: new Uint8Array(20), amount: -5n }, 'transfer.amount'],
      [{ to: new Uint8Array(20), amount: 2n ** 63n }, 'transfer.amount'],
    ];
    for (const [payload, field] of typed) {
      const w = wire();
      w[5] = payload;
      const err = txError(() => decodeWire(w));
      expect(err.code).toBe('MALFORMED');
      expect(err.message).toContain(field);
    }
  });

  it('byte fields of the wrong length with MALFORMED', () => {
    const cases: Array<[number, Encodable, string]> = [
      [1, new Uint8Array(31), 'sender public key'],
      [1, new Uint8Array(33), 'sender public key'],
      [6, new Uint8Array(63), 'signature'],
      [6, new Uint8Array(65), 'signature'],
      [5, { to: new Uint8Array(19), amount: 1n }, 'transfer.to'],
      [5, { to: new Uint8Array(32), amount: 1n }, 'transfer.to'],
    ];
    for (const [i, value, field] of cases) {
      const w = wire();
      w[i] = value;
      const err = txError(() => decodeWire(w));
      expect(err.code).toBe('MALFORMED');
      expect(err.message).toContain(field);
    }
  });

  it('a chain id or kind over its length limit with MALFORMED', () => {
    const w = wire();
    w[0] = 'c'.repeat(65);
    expect(txError(() => decodeWire(w)).code).toBe('MALFORMED');
    const w2 = wire();
    w2[4] = 'k'.repeat(33);
    expect(txError(() => decodeWire(w2)).code).toBe('MALFORMED');
  });

  it('bytes over MAX_TX_BYTES with TOO_LARGE, before parsing them', () => {
    const w = wire();
    w[0] = 'x'.repeat(MAX_TX_BYTES); // a well-formed array, just too big
    const bytes = encode(w);
    expect(bytes.length).toBeGreaterThan(MAX_TX_BYTES);
    expect(txError(() => decodeTx(bytes, MODULES)).code).toBe('TOO_LARGE');
    expect(txError(() => decodeTx(new Uint8Array(MAX_TX_BYTES + 1).fill(0xc1), MODULES)).code).toBe('TOO_LARGE');
  });

  it('a non-canonical encoding of a valid transaction with MALFORMED (one transaction, one hash)', () => {
    const tx = makeTransfer(alice, bob, 1000n, 3);
    const bytes = encodeTx(tx);
    // The nonce 3 is the fixint 0x03 right after the 32-byte key; write it as uint16 instead.
    const at = bytes.indexOf(0x03, 1 + 1 + TEST_CHAIN_ID.length + 2 + 32);
    expect(at).toBe(1 + 1 + TEST_CHAIN_ID.length + 2 + 32);
    const long = concatBytes(bytes.subarray(0, at), new Uint8Array([0xcd, 0x00, 0x03]), bytes.subarray(at + 1));
    expect(txError(() => decodeTx(long, MODULES)).code).toBe('MALFORMED');
    expect(decodeTx(bytes, MODULES)).toEqual(tx);
  });

  it('garbage with MALFORMED, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(() => decodeTx(bytes, MODULES)).toThrow(TxError);
      }),
      { seed: SEED + 1, numRuns: 500 },
    );
  });
});
