/**
 * Proof-of-work arithmetic: credit-boosted targets, the work a block proves, and
 * comparing a hash against a target. Integers only.
 */

/** The easiest possible target: every 256-bit hash meets it. */
export const MAX_TARGET = 2n ** 256n - 1n;

const TWO_256 = 2n ** 256n;

/**
 * The target a miner must meet: floor(baseTarget * (1000 + (maxBoost-1)*credit) / 1000),
 * i.e. `baseTarget * boost(credit)` (docs/protocol/consensus.md), capped at MAX_TARGET.
 * `credit` is an integer 0..1000, `maxBoost` an integer 1..16.
 */
export function boostedTarget(baseTarget: bigint, credit: number, maxBoost: number): bigint {
  if (baseTarget < 1n) throw new RangeError(`baseTarget must be >= 1, got ${baseTarget}`);
  if (!Number.isInteger(credit) || credit < 0 || credit > 1000) {
    throw new RangeError(`credit must be an integer in 0..1000, got ${credit}`);
  }
  if (!Number.isInteger(maxBoost) || maxBoost < 1 || maxBoost > 16) {
    throw new RangeError(`maxBoost must be an integer in 1..16, got ${maxBoost}`);
  }
  const permille = 1000n + BigInt(maxBoost - 1) * BigInt(credit);
  const target = (baseTarget * permille) / 1000n;
  return target > MAX_TARGET ? MAX_TARGET : target;
}

/** Work a block proved by meeting `effectiveTarget`: floor(2^256 / effectiveTarget). */
export function blockWork(effectiveTarget: bigint): bigint {
  if (effectiveTarget < 1n) throw new RangeError(`effectiveTarget must be >= 1, got ${effectiveTarget}`);
  return TWO_256 / effectiveTarget;
}

/** A hash read as a big-endian unsigned integer. */
export function hashToBigInt(hash: Uint8Array): bigint {
  if (hash.length === 0) return 0n;
  return BigInt('0x' + Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex'));
}

/** True when the hash, as a big-endian integer, is <= target. */
export function hashMeetsTarget(hash: Uint8Array, target: bigint): boolean {
  return hashToBigInt(hash) <= target;
}
