/**
 * A deliberately plain second implementation of the ASERT rule in difficulty.ts,
 * used only by the differential test. It avoids the shifts and masks of the real
 * one: exponents are split with explicit sign cases, 2^x is a power, and the
 * cubic is evaluated in Horner form. Not used by the node.
 */

import type { AsertParams } from './difficulty.ts';

/** floor(n / d) for d > 0, written with explicit sign cases. */
function floorDivRef(n: bigint, d: bigint): bigint {
  if (n >= 0n) return n / d;
  // For negative n, floor(n/d) = -ceil(-n/d) = -((-n + d - 1) / d).
  return -((-n + d - 1n) / d);
}

/** Number of binary digits of a positive bigint. */
function digits2(x: bigint): number {
  let n = 0;
  let v = x;
  // A loop of at most a few hundred steps: targets are ~256-bit.
  while (v > 0n) {
    v /= 2n;
    n++;
  }
  return n;
}

/** Reference ASERT target; must equal computeNextTarget for every valid input. */
export function computeNextTargetReference(p: AsertParams): bigint {
  const elapsed = BigInt(p.parentTimeMs) - BigInt(p.anchorTimeMs);
  const blocks = BigInt(p.parentHeight) - BigInt(p.anchorHeight);
  const scheduled = blocks * BigInt(p.blockTimeMs);
  const lateness = elapsed - scheduled;

  const exponent = floorDivRef(lateness * 65536n, BigInt(p.halfLifeMs));
  const whole = floorDivRef(exponent, 65536n);
  const frac = exponent - whole * 65536n;

  // Horner form of 195766423245049*f + 971821376*f^2 + 5127*f^3, rounded by +2^47.
  const cubic = ((5127n * frac + 971821376n) * frac + 195766423245049n) * frac;
  const factor = 65536n + (cubic + 140737488355328n) / 281474976710656n;

  const product = p.anchorTarget * factor;
  // target = product * 2^whole / 2^16
  const up = whole - 16n;
  let target: bigint;
  if (up >= 0n) {
    if (up > BigInt(digits2(p.maxTarget))) return p.maxTarget;
    target = product * 2n ** up;
  } else {
    const down = -up;
    if (down > BigInt(digits2(product))) return 1n;
    target = product / 2n ** down;
  }
  if (target > p.maxTarget) target = p.maxTarget;
  if (target < 1n) target = 1n;
  return target;
}
