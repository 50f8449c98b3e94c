/**
 * ASERT difficulty: the base target of every block, computed from the genesis
 * anchor and the parent alone (aserti3-2d style, integer-only).
 *
 * Formula (all integers, `floor` rounds toward negative infinity):
 *
 *   drift    = (parentTimeMs - anchorTimeMs) - blockTimeMs * (parentHeight - anchorHeight)
 *   exponent = floor(drift * 65536 / halfLifeMs)          // 16.16 fixed point, in half-lives
 *   shifts   = floor(exponent / 65536)                    // integer part (may be negative)
 *   frac     = exponent - shifts * 65536                  // fractional part, 0..65535
 *   factor   = 65536 + ((195766423245049*frac + 971821376*frac^2 + 5127*frac^3 + 2^47) >> 48)
 *                                                         // ≈ 65536 * 2^(frac/65536)
 *   target   = floor(anchorTarget * factor * 2^shifts / 65536), clamped to [1, maxTarget]
 *
 * So a chain whose blocks arrive exactly every blockTimeMs has drift 0 and keeps
 * the anchor target forever; every halfLifeMs of lateness doubles the target
 * (easier), every halfLifeMs of earliness halves it (harder). Because the schedule
 * is absolute, rounding errors never accumulate from block to block.
 */

/** Inputs of {@link computeNextTarget}; times in ms, heights as block numbers. */
export type AsertParams = {
  /** Target of the anchor block (genesis). */
  anchorTarget: bigint;
  /** Timestamp of the anchor block. */
  anchorTimeMs: number;
  /** Height of the anchor block (0 for genesis). */
  anchorHeight: number;
  /** Timestamp of the parent of the block whose target is computed. */
  parentTimeMs: number;
  /** Height of that parent; must be >= anchorHeight. */
  parentHeight: number;
  /** Ideal spacing between blocks. */
  blockTimeMs: number;
  /** Lateness (or earliness) that doubles (or halves) the target. */
  halfLifeMs: number;
  /** Easiest allowed target; the result never exceeds it. */
  maxTarget: bigint;
};

/** Fixed-point scale of the exponent: 16 fractional bits. */
const RADIX_BITS = 16n;
const RADIX = 1n << RADIX_BITS;

/** Number of bits needed to write a non-negative bigint (0 for 0). */
function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** floor(a / b) for b > 0; BigInt `/` truncates toward zero, wrong for negative a. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/** 65536 * 2^(frac/65536), approximated by aserti3-2d's cubic; frac in 0..65535. */
export function asertFactor(frac: bigint): bigint {
  const poly = 195766423245049n * frac + 971821376n * frac * frac + 5127n * frac * frac * frac + (1n << 47n);
  return RADIX + (poly >> 48n);
}

function requireInt(name: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be a safe integer >= ${min}, got ${v}`);
}

/** Base target for the child of the parent described in `p` (see the module comment). */
export function computeNextTarget(p: AsertParams): bigint {
  requireInt('anchorTimeMs', p.anchorTimeMs, Number.MIN_SAFE_INTEGER);
  requireInt('parentTimeMs', p.parentTimeMs, Number.MIN_SAFE_INTEGER);
  requireInt('anchorHeight', p.anchorHeight, 0);
  requireInt('parentHeight', p.parentHeight, p.anchorHeight);
  requireInt('blockTimeMs', p.blockTimeMs, 1);
  requireInt('halfLifeMs', p.halfLifeMs, 1);
  if (p.anchorTarget < 1n) throw new RangeError('anchorTarget must be >= 1');
  if (p.maxTarget < 1n) throw new RangeError('maxTarget must be >= 1');

  // Products of safe integers can exceed 2^53: do everything in bigint.
  const drift =
    BigInt(p.parentTimeMs) - BigInt(p.anchorTimeMs) - BigInt(p.blockTimeMs) * BigInt(p.parentHeight - p.anchorHeight);
  const exponent = floorDiv(drift * RADIX, BigInt(p.halfLifeMs));
  // Arithmetic shift and mask on bigints are floor-based for negatives too.
  const shifts = exponent >> RADIX_BITS;
  const frac = exponent & (RADIX - 1n);
  const scaled = p.anchorTarget * asertFactor(frac);
  // Net shift applied to anchorTarget*factor (the factor carries 16 extra bits).
  const net = shifts - RADIX_BITS;

  // Short-circuit absurd exponents: shifting by billions of bits would hang.
  // scaled >= 1, so net >= bitLength(maxTarget) already exceeds maxTarget.
  if (net >= BigInt(bitLength(p.maxTarget))) return p.maxTarget;
  if (-net >= BigInt(bitLength(scaled))) return 1n;

  const target = net >= 0n ? scaled << net : scaled >> -net;
  if (target < 1n) return 1n;
  return target > p.maxTarget ? p.maxTarget : target;
}
