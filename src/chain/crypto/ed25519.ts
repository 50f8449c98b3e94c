/*
 * Ed25519 keys, signing and — consensus-critical — signature verification.
 *
 * THE RULE (what every node must agree on). A signature sig = R || S over message M by
 * public key A is valid if and only if all of the following hold:
 *   1. sig is 64 bytes and A is 32 bytes (M is any byte string);
 *   2. S, read little-endian, is < L (L = 2^252 + 27742317777372353535851937790883648493);
 *   3. A is the canonical encoding (y < p, and no sign bit when x = 0) of a curve point of
 *      order exactly L: in the prime-order subgroup and not the identity. This rules out
 *      the 8 small-order points and every mixed-order point (non-zero torsion component);
 *   4. R is likewise the canonical encoding of a point of order exactly L;
 *   5. [S]B = R + [k]A, with k = SHA-512(R || A || M) mod L over the raw bytes (RFC 8032
 *      pure Ed25519, no context, no prehash).
 * Because A and R both lie in the prime-order subgroup, the cofactorless equation
 * ([S]B = R + [k]A) and the cofactored one ([8][S]B = [8]R + [8][k]A) accept exactly the
 * same signatures, so the choice of equation can never change a verdict. Every signature
 * made by `sign` (or any RFC 8032 signer) satisfies the rule: A = [a]B for a clamped a is
 * never the identity, and R = [r]B with r = 0 only with probability 2^-252.
 *
 * WHERE THE RAW ENGINES DIFFER (investigated on Node 24.21 / OpenSSL 3.5.8 and
 * @noble/curves 2.4.0; every statement is pinned by a vector in test/vectors/ed25519/,
 * whose `raw` fields record each engine's verdict without our pre-checks).
 *  - OpenSSL (crypto/ec/curve25519.c, ossl_ed25519_verify) checks S < L, decodes A with
 *    ge_frombytes_vartime (which by itself does not reject y >= p or a sign bit on x = 0),
 *    computes rcheck = ENC([S]B - [k]A) and compares it with the 32 bytes of R: the
 *    COFACTORLESS equation, with R never decoded, so a non-canonical or off-curve R can
 *    never match the canonical rcheck. The build in Node 24.21 additionally rejects every
 *    small-order A and R we tried (the 8 points, and the non-canonical encodings of A),
 *    including cofactorless-valid ones that the upstream ossl_ed25519_verify source would
 *    accept; it ACCEPTS mixed-order A.
 *  - noble `ed25519.verify(..., { zip215: false })` (abstract/edwards.js) decodes A and R
 *    strictly (rejects y >= p and a sign bit on x = 0), rejects small-order A, and checks
 *    the COFACTORED equation [8]([S]B - R - [k]A) = 0. It accepts small-order R and
 *    mixed-order A and R.
 *  So, raw, noble accepts every signature where X = [S]B - R - [k]A is a non-zero
 *  small-order point, and OpenSSL rejects it. A key holder can make such signatures at
 *  will: (a) R = [r]B + T for a small-order T, S = r + k*a (noble yes, OpenSSL no);
 *  (b) publish a mixed-order key A = [a]B + T and sign honestly (OpenSSL's verdict then
 *  depends on k mod ord(T), noble always says yes); (c) R = identity or another
 *  small-order point with S = k*a (noble yes; OpenSSL 3.5.8 no, though the upstream
 *  source alone would say yes for the identity). OpenSSL's handling of small-order A and R
 *  has also changed across versions (OpenSSL 3.0 accepted them, per ed25519-speccheck).
 *
 * HOW THE PRE-CHECKS CLOSE EVERY GAP, on both paths.
 *  - Rules 1 and 2, R's canonical encoding and "R is not the identity" are byte
 *    comparisons done before any curve arithmetic (verifyReference tests the identity on
 *    the decoded point instead).
 *  - Rule 3 costs a point decode and one scalar multiplication ([L]A = 0), so the
 *    consensus path does it once per public key and caches the verdict together with the
 *    OpenSSL KeyObject in a bounded LRU; verifyReference recomputes it every time.
 *  - The rest of rule 4 (R in the prime-order subgroup, not small-order) would cost a
 *    scalar multiplication per verify, too much for the consensus path, and it is not
 *    needed there: once A has order L, [S]B - [k]A lies in the prime-order subgroup, and
 *    OpenSSL accepts only when R's bytes equal its canonical encoding, so any R with a
 *    torsion component (or off the curve, or non-canonical) fails the comparison itself,
 *    and the only small-order point of the subgroup, the identity, is excluded by bytes.
 *    The noble path, being cofactored, does not get this for free, so verifyReference
 *    checks [L]R = 0 and R != identity explicitly (it is the slow second opinion).
 *  With A and R of order L, [8]X = 0 implies X = 0 for X = [S]B - R - [k]A, so both
 *  equations agree; both engines hash the raw bytes R || A || M with SHA-512 reduced mod
 *  L, and both see the same S < L. Hence `verify` and `verifyReference` compute the same
 *  function whatever the engines do on the excluded classes. `verify` (OpenSSL) is the
 *  consensus path; it does not depend on OpenSSL's own small-order checks.
 *
 * Cost notes (2-core dev machine, Node 24.21): `verify` with a cached key costs what raw
 * OpenSSL costs (~130 µs, 7-8k/s per core; the pre-checks and cache lookup add < 1 µs);
 * the first sight of a key adds ~1.2 ms (noble decode and [L]A), so callers facing
 * untrusted traffic should run cheap state checks (does the sender account exist, can it
 * pay the fee) before verifying. verifyReference is ~4 ms.
 */
import { createPublicKey, verify as opensslVerify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from './cryptoError.ts';

/** Length of an ed25519 secret key (the RFC 8032 seed), in bytes. */
export const SECRET_KEY_BYTES = 32;
/** Length of an ed25519 public key, in bytes. */
export const PUBLIC_KEY_BYTES = 32;
/** Length of an ed25519 signature (R || S), in bytes. */
export const SIGNATURE_BYTES = 64;

const Point = ed25519.Point;

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** A fresh random 32-byte secret key (RFC 8032 seed) from the platform CSPRNG. */
export function generateSecretKey(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

/** The 32-byte public key of a 32-byte secret key. */
export function getPublicKey(secret: Uint8Array): Uint8Array {
  assertSecretKey(secret);
  return ed25519.getPublicKey(secret);
}

/** The 64-byte RFC 8032 (pure Ed25519, deterministic) signature of `message` under `secret`. */
export function sign(message: Uint8Array, secret: Uint8Array): Uint8Array {
  assertSecretKey(secret);
  if (!(message instanceof Uint8Array)) {
    throw new CryptoError('BAD_MESSAGE', `ed25519 sign: the message must be a Uint8Array, got ${typeof message}; encode it to bytes first`);
  }
  return ed25519.sign(message, secret);
}

/**
 * Consensus signature check (see the rule at the top of this file): OpenSSL's verify
 * behind byte-level pre-checks and a per-key subgroup check. Never throws; any malformed
 * input gives false.
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const key = precheck(signature, message, publicKey);
  if (key === null) return false;
  try {
    return opensslVerify(null, message, key, signature);
  } catch {
    return false;
  }
}

/**
 * The same rule as `verify`, with OpenSSL's part run on libuv's thread pool, so that
 * many signatures (a block's transactions) are checked on every core at once.
 */
export function verifyAsync(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  const key = precheck(signature, message, publicKey);
  if (key === null) return Promise.resolve(false);
  return new Promise((resolve) => {
    try {
      opensslVerify(null, message, key, signature, (err, ok) => resolve(!err && ok));
    } catch {
      resolve(false);
    }
  });
}

// The byte-level pre-checks and the cached, subgroup-checked key; null means invalid.
function precheck(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): KeyObject | null {
  if (!shapeOk(signature, message, publicKey)) return null;
  if (!isCanonicalScalarAt(signature, 32)) return null;
  if (!isCanonicalPointEncodingAt(signature, 0) || isIdentityEncodingAt(signature, 0)) return null;
  return keyObjectFor(publicKey);
}

/**
 * The same rule computed with @noble/curves alone (cofactored equation, plus an explicit
 * order-L check of R that the OpenSSL path gets from its byte comparison). Slow
 * (several scalar multiplications, no cache): for tests and benchmarks, the second opinion
 * that `verify` is pinned against. Never throws.
 */
export function verifyReference(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!shapeOk(signature, message, publicKey)) return false;
  if (!isCanonicalScalarAt(signature, 32)) return false;
  if (!isCanonicalPointEncodingAt(signature, 0)) return false;
  if (!isPrimeOrderPublicKey(publicKey)) return false;
  try {
    const R = Point.fromBytes(signature.subarray(0, 32), false);
    if (R.is0() || !R.isTorsionFree()) return false;
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** Whether 32 little-endian bytes encode an integer below the group order L (rule 2). */
export function isCanonicalScalar(s: Uint8Array): boolean {
  return s.length === 32 && isCanonicalScalarAt(s, 0);
}

/**
 * Whether 32 bytes are the canonical encoding of some field element y with a sign bit:
 * y < p = 2^255 - 19, and the sign bit is clear when x = 0 (y = 1 or y = p - 1). Says
 * nothing about whether the point is on the curve.
 */
export function isCanonicalPointEncoding(b: Uint8Array): boolean {
  return b.length === 32 && isCanonicalPointEncodingAt(b, 0);
}

/**
 * Whether 32 bytes are a public key that rule 3 admits: the canonical encoding of a curve
 * point of order exactly L. Costs a point decode and a scalar multiplication (~1.2 ms);
 * `verify` caches the answer per key.
 */
export function isPrimeOrderPublicKey(publicKey: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  if (!isCanonicalPointEncodingAt(publicKey, 0)) return false;
  try {
    const A = Point.fromBytes(publicKey, false);
    // isTorsionFree alone admits the identity (order 1), which every R would "match" for S = 0.
    return !A.is0() && A.isTorsionFree();
  } catch {
    return false;
  }
}

function shapeOk(signature: unknown, message: unknown, publicKey: unknown): boolean {
  return (
    signature instanceof Uint8Array &&
    message instanceof Uint8Array &&
    publicKey instanceof Uint8Array &&
    signature.length === SIGNATURE_BYTES &&
    publicKey.length === PUBLIC_KEY_BYTES
  );
}

function isCanonicalScalarAt(b: Uint8Array, off: number): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = b[off + i]!;
    const l = L_LE[i]!;
    if (x < l) return true;
    if (x > l) return false;
  }
  return false; // equal to L
}

function isCanonicalPointEncodingAt(b: Uint8Array, off: number): boolean {
  const last = b[off + 31]!;
  // y >= p exactly when the 255-bit y is ff..ff7f-ish with a low byte >= 0xed.
  if ((last & 0x7f) === 0x7f && b[off]! >= 0xed) {
    let allFF = true;
    for (let i = 1; i < 31; i++) {
      if (b[off + i] !== 0xff) {
        allFF = false;
        break;
      }
    }
    if (allFF) return false;
  }
  // x = 0 only for y = 1 and y = p - 1; a set sign bit there is a second encoding of the point.
  if (last === 0x80 && b[off] === 0x01 && isZeroRange(b, off + 1, off + 31)) return false;
  if (last === 0xff && b[off] === 0xec && isFFRange(b, off + 1, off + 31)) return false;
  return true;
}

// The identity's one canonical encoding: y = 1, sign bit clear.
function isIdentityEncodingAt(b: Uint8Array, off: number): boolean {
  return b[off] === 0x01 && isZeroRange(b, off + 1, off + 32);
}

function isZeroRange(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

function isFFRange(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0xff) return false;
  return true;
}

/**
 * A Map-backed least-recently-used cache with a fixed capacity; exported for its unit
 * test. Map iteration order is insertion order, so re-inserting on a hit moves an entry
 * to the young end and the first key is always the oldest.
 */
export class LruCache<K, V> {
  readonly capacity: number;
  readonly #map = new Map<K, V>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruCache capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
  }

  /** The cached value, marking it most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.capacity) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
  }

  /** Number of cached entries. */
  get size(): number {
    return this.#map.size;
  }
}

// Public keys repeat heavily in a chain (every tx of an account, every block of a miner).
// Measured: caching the KeyObject saves ~40 µs of OpenSSL key import per verify (~25% of
// a verify), and caching the rule-3 verdict saves ~1.2 ms (the [L]A multiplication); a
// hit costs ~0.3 µs. null records a key that rule 3 rejects. The cache key is the 32
// bytes as a latin1 string (one char per byte, so injective). A KeyObject holds ~1.8 KB
// of native memory, so a full cache is ~15 MB.
const KEY_CACHE_CAPACITY = 8_192;
const keyCache = new LruCache<string, KeyObject | null>(KEY_CACHE_CAPACITY);

function keyObjectFor(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, PUBLIC_KEY_BYTES).toString('latin1');
  const hit = keyCache.get(id);
  if (hit !== undefined) return hit;
  if (!isPrimeOrderPublicKey(publicKey)) {
    keyCache.set(id, null);
    return null;
  }
  let key: KeyObject;
  try {
    const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, PUBLIC_KEY_BYTES).toString('base64url');
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
  } catch {
    // Not expected for a key that passed rule 3; not cached, so a transient failure
    // (e.g. out of memory) cannot pin a wrong verdict on a valid key.
    return null;
  }
  keyCache.set(id, key);
  return key;
}

function assertSecretKey(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_KEY_BYTES) {
    const got = secret instanceof Uint8Array ? `${secret.length} bytes` : typeof secret;
    throw new CryptoError('BAD_SECRET_KEY', `ed25519 secret key must be ${SECRET_KEY_BYTES} bytes (an RFC 8032 seed), got ${got}; generate one with generateSecretKey()`);
  }
}
