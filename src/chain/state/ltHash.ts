/**
 * LtHash state commitment: a homomorphic multiset hash over the chain's flat
 * key→value state (Lewi, Kim, Maykov, Weis, "Securing Update Propagation with
 * Homomorphic Hashing", 2019; the same construction as Facebook's LtHash and
 * Solana's accounts lattice hash).
 *
 * Construction (consensus-critical; changing any byte of it is a hard fork):
 *
 *   element(key, value) = SHAKE128(
 *       "tesnode/state/v1"                  16 ASCII bytes, domain separator
 *     || u32be(len(keyBytes)) || keyBytes   keyBytes = UTF-8 encoding of key
 *     || u32be(len(value))    || value
 *   ) truncated to 2048 bytes, read as 1024 little-endian uint16 lanes
 *
 *   acc(state) = Σ element(k, v) over every (k, v) in the state, lane-wise mod 2^16
 *   root(state) = SHA-256(acc as 2048 bytes, lanes little-endian)
 *
 * Both lengths are prefixed, so the XOF input is an injective encoding of the
 * (key, value) pair: ('ab', 'c') and ('a', 'bc') hash differently. Keys must be
 * well-formed UTF-16 (no lone surrogates), because UTF-8 encoding would
 * otherwise map distinct JS strings to the same bytes; ill-formed keys throw.
 *
 * Parameters n = 1024 lanes, d = 16 bits are the paper's recommended ones
 * (security reduces to a lattice SIS problem, ~200 bits claimed). Because the
 * state is a map, each key contributes exactly one element, so the multiset's
 * wrap-around (an element added 2^16 times cancels) is never reached. The
 * accumulator cannot detect a `remove` of an element that was never added:
 * callers must pass the true old value to `update`/`remove`, otherwise the
 * root silently stops matching the state.
 */
import { createHash, hash as oneShotHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';

/** Size in bytes of the accumulator and of each element vector (1024 uint16 lanes). */
export const LTHASH_BYTES = 2048;

/** Number of uint16 lanes in the accumulator. */
export const LTHASH_LANES = LTHASH_BYTES / 2;

const DOMAIN = Buffer.from('tesnode/state/v1', 'ascii');
const DOMAIN_LEN = DOMAIN.length;

// Lanes are little-endian by definition; on a little-endian host a Uint16Array
// view over the XOF output already has the right values, so we skip decoding.
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// A lone surrogate matches \p{Cs} under the u flag; a valid pair is one astral
// code point and does not.
const LONE_SURROGATE = /\p{Cs}/u;

type Xof = (msg: Uint8Array) => Uint8Array;

const xofCreateHash: Xof = (msg) =>
  createHash('shake128', { outputLength: LTHASH_BYTES }).update(msg).digest();

const xofOneShot: Xof = (msg) =>
  oneShotHash('shake128', msg, { outputLength: LTHASH_BYTES, outputEncoding: 'buffer' });

// crypto.hash() is ~10% faster than createHash() but only honours outputLength
// on recent Node versions (an older one would silently return SHAKE128's
// default 16 bytes). Probe it once and fall back if it does not agree exactly.
function pickXof(): Xof {
  try {
    const probe = Buffer.from('tesnode/state/v1 xof probe', 'ascii');
    const a = xofOneShot(probe);
    const b = xofCreateHash(probe);
    if (a.length === LTHASH_BYTES && b.length === LTHASH_BYTES && Buffer.compare(a, b) === 0) {
      return xofOneShot;
    }
  } catch {
    // crypto.hash missing or rejecting the options object: use createHash.
  }
  return xofCreateHash;
}

const xof = pickXof();

/**
 * Canonical XOF input for one state element:
 * `"tesnode/state/v1" || u32be(len(keyBytes)) || keyBytes || u32be(len(value)) || value`.
 * Throws on keys containing lone surrogates (their UTF-8 encoding is lossy).
 */
export function encodeElement(key: string, value: Uint8Array): Uint8Array {
  if (LONE_SURROGATE.test(key)) throw new Error('LtHash: key is not well-formed UTF-16');
  const klen = Buffer.byteLength(key, 'utf8');
  const vlen = value.length;
  // allocUnsafe is safe here: every byte is overwritten below.
  const msg = Buffer.allocUnsafe(DOMAIN_LEN + 4 + klen + 4 + vlen);
  DOMAIN.copy(msg, 0);
  msg.writeUInt32BE(klen, DOMAIN_LEN);
  if (msg.write(key, DOMAIN_LEN + 4, 'utf8') !== klen) throw new Error('LtHash: key encoding mismatch');
  msg.writeUInt32BE(vlen, DOMAIN_LEN + 4 + klen); // throws RangeError if vlen ≥ 2^32
  msg.set(value, DOMAIN_LEN + 8 + klen);
  return msg;
}

// Scratch lanes for hosts/outputs where we cannot view the digest directly.
const scratch = new Uint16Array(LTHASH_LANES);

function decodeLanesLE(bytes: Uint8Array, out: Uint16Array): Uint16Array {
  for (let i = 0; i < LTHASH_LANES; i++) {
    out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  }
  return out;
}

/** The element vector as lanes; may be a view into a fresh digest or the shared scratch. */
function elementLanes(key: string, value: Uint8Array): Uint16Array {
  const d = xof(encodeElement(key, value));
  if (d.length !== LTHASH_BYTES) throw new Error('LtHash: XOF returned wrong length');
  if (HOST_LE && (d.byteOffset & 1) === 0) {
    return new Uint16Array(d.buffer, d.byteOffset, LTHASH_LANES);
  }
  return decodeLanesLE(d, scratch);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Mutable LtHash accumulator over a set of (key, value) elements. Adding and
 * removing elements is order-independent and O(1) in the state size; `root()`
 * is the 32-byte commitment that goes into block headers.
 */
export class LtHash {
  readonly #lanes: Uint16Array;

  private constructor(lanes: Uint16Array) {
    this.#lanes = lanes;
  }

  /** Accumulator of the empty state (all lanes zero). */
  static empty(): LtHash {
    return new LtHash(new Uint16Array(LTHASH_LANES));
  }

  /** Accumulator from its 2048-byte little-endian serialization (copied). Throws on wrong length. */
  static fromBytes(b: Uint8Array): LtHash {
    if (!(b instanceof Uint8Array) || b.length !== LTHASH_BYTES) {
      throw new Error(`LtHash: expected ${LTHASH_BYTES} bytes`);
    }
    return new LtHash(decodeLanesLE(b, new Uint16Array(LTHASH_LANES)));
  }

  /** Independent copy of this accumulator. */
  clone(): LtHash {
    return new LtHash(this.#lanes.slice());
  }

  /** Add the element (key, value). Throws on ill-formed keys. */
  add(key: string, value: Uint8Array): void {
    const acc = this.#lanes;
    const e = elementLanes(key, value);
    // Uint16Array stores wrap mod 2^16, so the plain sum is the lattice addition.
    for (let i = 0; i < LTHASH_LANES; i++) acc[i] = acc[i]! + e[i]!;
  }

  /** Remove the element (key, value); it must be one that was added, or the result is meaningless. */
  remove(key: string, value: Uint8Array): void {
    const acc = this.#lanes;
    const e = elementLanes(key, value);
    for (let i = 0; i < LTHASH_LANES; i++) acc[i] = acc[i]! - e[i]!;
  }

  /**
   * Replace `key`'s value: removes (key, oldValue) if defined, then adds
   * (key, newValue) if defined. `undefined` means "key absent".
   */
  update(key: string, oldValue: Uint8Array | undefined, newValue: Uint8Array | undefined): void {
    // Rewriting an identical value cancels out; skip the two XOF evaluations.
    if (oldValue !== undefined && newValue !== undefined && bytesEqual(oldValue, newValue)) {
      if (LONE_SURROGATE.test(key)) throw new Error('LtHash: key is not well-formed UTF-16');
      return;
    }
    if (oldValue !== undefined) this.remove(key, oldValue);
    if (newValue !== undefined) this.add(key, newValue);
  }

  /** The accumulator as 2048 bytes (lanes little-endian); a fresh copy. */
  toBytes(): Uint8Array {
    const lanes = this.#lanes;
    if (HOST_LE) {
      return new Uint8Array(lanes.buffer.slice(lanes.byteOffset, lanes.byteOffset + LTHASH_BYTES));
    }
    const out = new Uint8Array(LTHASH_BYTES);
    for (let i = 0; i < LTHASH_LANES; i++) {
      const v = lanes[i]!;
      out[2 * i] = v & 0xff;
      out[2 * i + 1] = v >>> 8;
    }
    return out;
  }

  /** State root: SHA-256 of `toBytes()`, 32 bytes. */
  root(): Uint8Array {
    return sha256(this.toBytes());
  }

  /** True iff both accumulators hold identical lanes. */
  equals(other: LtHash): boolean {
    const a = this.#lanes;
    const b = other.#lanes;
    for (let i = 0; i < LTHASH_LANES; i++) if (a[i] !== b[i]) return false;
    return true;
  }
}
