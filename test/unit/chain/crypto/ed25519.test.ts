import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  LruCache,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  generateSecretKey,
  getPublicKey,
  isCanonicalPointEncoding,
  isCanonicalScalar,
  isPrimeOrderPublicKey,
  sign,
  verify,
  verifyReference,
} from '../../../../src/chain/crypto/ed25519.ts';
import { CryptoError, isCryptoError } from '../../../../src/chain/crypto/cryptoError.ts';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const P = Point.Fp.ORDER;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
function toLE(v: bigint): Uint8Array {
  const o = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    o[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return o;
}
const withSign = (b: Uint8Array): Uint8Array => {
  const c = b.slice();
  c[31] = c[31]! | 0x80;
  return c;
};
const SECRET = new Uint8Array(32).fill(7);
const PUB = getPublicKey(SECRET);
const MSG = utf8('tesnode unit test');
const SIG = sign(MSG, SECRET);

describe('keys and signing', () => {
  it('generateSecretKey gives 32 fresh random bytes', () => {
    const a = generateSecretKey();
    const b = generateSecretKey();
    expect(a).toHaveLength(SECRET_KEY_BYTES);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('getPublicKey and sign give 32 and 64 bytes, and the signature verifies on both paths', () => {
    expect(PUB).toHaveLength(PUBLIC_KEY_BYTES);
    expect(SIG).toHaveLength(SIGNATURE_BYTES);
    expect(verify(SIG, MSG, PUB)).toBe(true);
    expect(verifyReference(SIG, MSG, PUB)).toBe(true);
  });

  it('signing is deterministic (RFC 8032)', () => {
    expect(Buffer.from(sign(MSG, SECRET)).equals(Buffer.from(SIG))).toBe(true);
  });

  it('a wrong-length secret key throws CryptoError BAD_SECRET_KEY naming the expected size', () => {
    for (const bad of [new Uint8Array(31), new Uint8Array(64), 'secret' as unknown as Uint8Array]) {
      expect(() => getPublicKey(bad)).toThrowError(CryptoError);
      expect(() => sign(MSG, bad)).toThrowError(/must be 32 bytes/);
      try {
        sign(MSG, bad);
      } catch (err) {
        expect(isCryptoError(err, 'BAD_SECRET_KEY')).toBe(true);
      }
    }
  });

  it('a non-bytes message throws CryptoError BAD_MESSAGE', () => {
    expect(() => sign('hello' as unknown as Uint8Array, SECRET)).toThrowError(expect.objectContaining({ code: 'BAD_MESSAGE' }));
  });
});

describe('verify never throws', () => {
  const junk: unknown[] = [undefined, null, 0, 'abc', {}, [], new Uint16Array(32), new ArrayBuffer(64)];
  it('returns false for non-byte arguments in every position', () => {
    for (const j of junk) {
      for (const [s, m, p] of [
        [j, MSG, PUB],
        [SIG, j, PUB],
        [SIG, MSG, j],
      ] as [Uint8Array, Uint8Array, Uint8Array][]) {
        expect(verify(s, m, p)).toBe(false);
        expect(verifyReference(s, m, p)).toBe(false);
      }
    }
  });

  it('accepts Buffers and subarrays with a byte offset', () => {
    const pool = new Uint8Array(200);
    pool.set(PUB, 3);
    pool.set(SIG, 40);
    pool.set(MSG, 110);
    const pub = pool.subarray(3, 35);
    const sig = pool.subarray(40, 104);
    const msg = pool.subarray(110, 110 + MSG.length);
    expect(verify(sig, msg, pub)).toBe(true);
    expect(verify(Buffer.from(SIG), Buffer.from(MSG), Buffer.from(PUB))).toBe(true);
    // The cache is keyed by content, not by the array object: a different key at another offset.
    const other = pool.subarray(4, 36);
    expect(verify(sig, msg, other)).toBe(false);
  });
});

describe('isCanonicalScalar', () => {
  it('accepts 0 and L - 1, rejects L, L + 1 and 2^256 - 1', () => {
    expect(isCanonicalScalar(toLE(0n))).toBe(true);
    expect(isCanonicalScalar(toLE(L - 1n))).toBe(true);
    expect(isCanonicalScalar(toLE(L))).toBe(false);
    expect(isCanonicalScalar(toLE(L + 1n))).toBe(false);
    expect(isCanonicalScalar(toLE((1n << 256n) - 1n))).toBe(false);
    expect(isCanonicalScalar(toLE(1n << 252n))).toBe(true);
    expect(isCanonicalScalar(new Uint8Array(31))).toBe(false);
  });

  it('agrees with bigint comparison around every byte of L', () => {
    for (let i = 0; i < 32; i++) {
      for (const delta of [-1n, 1n]) {
        const v = L + delta * (1n << BigInt(8 * i));
        if (v < 0n || v >= 1n << 256n) continue;
        expect(isCanonicalScalar(toLE(v)), `L ${delta > 0 ? '+' : '-'} 2^${8 * i}`).toBe(v < L);
      }
    }
  });
});

describe('isCanonicalPointEncoding', () => {
  it('rejects y >= p and a sign bit on x = 0; accepts y = p - 1 and y = 1 without it', () => {
    expect(isCanonicalPointEncoding(toLE(P - 1n))).toBe(true);
    expect(isCanonicalPointEncoding(toLE(1n))).toBe(true);
    expect(isCanonicalPointEncoding(toLE(0n))).toBe(true);
    expect(isCanonicalPointEncoding(withSign(toLE(0n)))).toBe(true); // x != 0 at y = 0
    for (const y of [P, P + 1n, P + 18n, (1n << 255n) - 1n]) {
      expect(isCanonicalPointEncoding(toLE(y)), `y = p + ${y - P}`).toBe(false);
      expect(isCanonicalPointEncoding(withSign(toLE(y))), `y = p + ${y - P}, sign`).toBe(false);
    }
    expect(isCanonicalPointEncoding(withSign(toLE(1n)))).toBe(false);
    expect(isCanonicalPointEncoding(withSign(toLE(P - 1n)))).toBe(false);
    expect(isCanonicalPointEncoding(PUB)).toBe(true);
  });
});

describe('isPrimeOrderPublicKey', () => {
  const T8 = Point.fromBytes(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'));
  it('accepts honest keys only', () => {
    expect(isPrimeOrderPublicKey(PUB)).toBe(true);
    expect(isPrimeOrderPublicKey(Point.ZERO.toBytes())).toBe(false);
    for (let i = 1n; i < 8n; i++) {
      expect(isPrimeOrderPublicKey(T8.multiplyUnsafe(i).toBytes()), `[${i}]T8`).toBe(false);
      expect(isPrimeOrderPublicKey(Point.fromBytes(PUB).add(T8.multiplyUnsafe(i)).toBytes()), `A + [${i}]T8`).toBe(false);
    }
    expect(isPrimeOrderPublicKey(toLE(2n))).toBe(false); // y = 2 is not on the curve
    expect(isPrimeOrderPublicKey(PUB.subarray(0, 31))).toBe(false);
  });
});

describe('key cache', () => {
  it('gives the same verdicts on repeated calls for accepted and rejected keys', () => {
    const smallOrder = Point.ZERO.toBytes();
    for (let round = 0; round < 3; round++) {
      expect(verify(SIG, MSG, PUB)).toBe(true);
      expect(verify(SIG, utf8('other'), PUB)).toBe(false);
      expect(verify(SIG, MSG, smallOrder)).toBe(false);
    }
  });

  it('LruCache evicts the least recently used entry and refreshes on get', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now younger than b
    c.set('c', 3);
    expect(c.size).toBe(2);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    c.set('c', 4); // overwrite does not grow
    expect(c.size).toBe(2);
    expect(c.get('c')).toBe(4);
    expect(() => new LruCache(0)).toThrowError(RangeError);
  });
});
