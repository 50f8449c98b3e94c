import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { getPublicKey, sign, verify, verifyReference } from '../../../../src/chain/crypto/ed25519.ts';

// Fixed seed: the same cases every run; raise numRuns locally to search harder.
const SEED = 0x7e5;
const Point = ed25519.Point;
const L = Point.Fn.ORDER;

const secretArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
const messageArb = fc.uint8Array({ minLength: 0, maxLength: 300 });

function both(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): { consensus: boolean; reference: boolean } {
  return { consensus: verify(sig, msg, pub), reference: verifyReference(sig, msg, pub) };
}

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = b.slice();
  const i = Math.floor(bit / 8) % out.length;
  out[i] = out[i]! ^ (1 << bit % 8);
  return out;
}

// A point of order 8, so [i]T8 for i = 1..7 walks every non-zero small-order point.
const T8 = Point.fromBytes(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'));

function le(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v;
}
function toLE(v: bigint): Uint8Array {
  const o = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    o[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return o;
}

describe('verify and verifyReference agree (property)', () => {
  it('honest signatures over random keys and messages: both true', () => {
    fc.assert(
      fc.property(secretArb, messageArb, (secret, msg) => {
        const pub = getPublicKey(secret);
        expect(both(sign(msg, secret), msg, pub)).toEqual({ consensus: true, reference: true });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('one flipped bit anywhere in signature, message or key: same verdict, and false', () => {
    fc.assert(
      fc.property(secretArb, messageArb, fc.constantFrom('sig', 'msg', 'pub'), fc.nat({ max: 64 * 8 - 1 }), (secret, msg, where, bit) => {
        const pub = getPublicKey(secret);
        const sig = sign(msg, secret);
        // An empty message has no bit to flip: flip the signature instead.
        const target = where === 'msg' && msg.length === 0 ? 'sig' : where;
        const args =
          target === 'sig' ? ([flipBit(sig, bit), msg, pub] as const) : target === 'msg' ? ([sig, flipBit(msg, bit), pub] as const) : ([sig, msg, flipBit(pub, bit)] as const);
        expect(both(...args)).toEqual({ consensus: false, reference: false });
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('random bytes as signature and key: same verdict', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), messageArb, fc.uint8Array({ minLength: 32, maxLength: 32 }), (sig, msg, pub) => {
        const r = both(sig, msg, pub);
        expect(r.consensus).toBe(r.reference);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('random lengths: false on both paths unless 64-byte signature and 32-byte key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), messageArb, fc.uint8Array({ maxLength: 40 }), (sig, msg, pub) => {
        fc.pre(sig.length !== 64 || pub.length !== 32);
        expect(both(sig, msg, pub)).toEqual({ consensus: false, reference: false });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a small-order component added to R or A, re-signed so the cofactored equation holds: both false', () => {
    fc.assert(
      fc.property(secretArb, messageArb, fc.integer({ min: 1, max: 7 }), fc.boolean(), fc.bigInt({ min: 1n, max: L - 1n }), (secret, msg, t, onR, r) => {
        const { scalar: a, point: A0 } = ed25519.utils.getExtendedPublicKey(secret);
        const T = T8.multiplyUnsafe(BigInt(t));
        const R = Point.BASE.multiply(r).add(onR ? T : Point.ZERO).toBytes();
        const A = (onR ? A0 : A0.add(T)).toBytes();
        const k = le(sha512(new Uint8Array([...R, ...A, ...msg]))) % L;
        const S = (r + k * (a % L)) % L;
        const sig = new Uint8Array([...R, ...toLE(S)]);
        // Raw noble (cofactored) accepts every one of these; the rule must not.
        expect(ed25519.verify(sig, msg, A, { zip215: false })).toBe(true);
        expect(both(sig, msg, A)).toEqual({ consensus: false, reference: false });
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
