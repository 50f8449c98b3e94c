import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asertFactor, computeNextTarget } from '../../../src/consensus/difficulty.ts';
import type { AsertParams } from '../../../src/consensus/difficulty.ts';
import { MAX_TARGET } from '../../../src/consensus/work.ts';

const T0 = 1_700_000_000_000;
const BLOCK = 10_000;
const HALF_LIFE = 3_600_000;
const ANCHOR = 2n ** 236n + 12_345n;

/** Params for the child of a parent at `height` whose time is `drift` ms off schedule. */
function at(height: number, drift: number, over: Partial<AsertParams> = {}): AsertParams {
  return {
    anchorTarget: ANCHOR,
    anchorTimeMs: T0,
    anchorHeight: 0,
    parentTimeMs: T0 + height * BLOCK + drift,
    parentHeight: height,
    blockTimeMs: BLOCK,
    halfLifeMs: HALF_LIFE,
    maxTarget: MAX_TARGET,
    ...over,
  };
}

describe('asertFactor', () => {
  it('starts at exactly 1.0 and stays below 2.0, non-decreasing', () => {
    expect(asertFactor(0n)).toBe(65536n);
    let prev = asertFactor(0n);
    let decreases = 0;
    for (let f = 1n; f < 65536n; f++) {
      const v = asertFactor(f);
      if (v < prev) decreases++;
      prev = v;
    }
    expect(decreases).toBe(0);
    // Largest factor 131071 < 2 * 65536, so the target stays monotonic across a wrap of frac.
    expect(prev).toBe(131071n);
  });

  it('approximates 65536 * 2^(f/65536) within 0.015% (test-only float check)', () => {
    for (let f = 0; f < 65536; f += 37) {
      const exact = 65536 * 2 ** (f / 65536);
      const got = Number(asertFactor(BigInt(f)));
      expect(Math.abs(got - exact) / exact).toBeLessThan(1.5e-4);
    }
  });
});

describe('computeNextTarget', () => {
  it('gives the child of genesis the anchor target', () => {
    expect(computeNextTarget(at(0, 0))).toBe(ANCHOR);
  });

  it('keeps the anchor target forever on schedule', () => {
    for (const h of [1, 2, 10, 1_000, 123_456, 50_000_000]) {
      expect(computeNextTarget(at(h, 0))).toBe(ANCHOR);
    }
  });

  it('keeps the target on schedule for a non-genesis anchor too', () => {
    const p = at(500, 0, { anchorHeight: 100, anchorTimeMs: T0 + 100 * BLOCK });
    expect(computeNextTarget(p)).toBe(ANCHOR);
  });

  it('doubles the target exactly one half-life late', () => {
    expect(computeNextTarget(at(0, HALF_LIFE))).toBe(ANCHOR * 2n);
    expect(computeNextTarget(at(777, HALF_LIFE))).toBe(ANCHOR * 2n);
    expect(computeNextTarget(at(777, 3 * HALF_LIFE))).toBe(ANCHOR * 8n);
  });

  it('halves the target exactly one half-life early (floored)', () => {
    expect(computeNextTarget(at(777, -HALF_LIFE))).toBe(ANCHOR / 2n);
    expect(computeNextTarget(at(777, -2 * HALF_LIFE))).toBe(ANCHOR / 4n);
    expect(computeNextTarget(at(3, -HALF_LIFE, { anchorTarget: 7n }))).toBe(3n);
  });

  it('moves by ~sqrt(2) half a half-life off, by the polynomial exactly', () => {
    const f = asertFactor(32768n);
    // The cubic gives 92674 where 65536*sqrt(2) = 92681.9: 0.0086% low, as in aserti3-2d.
    expect(f).toBe(92674n);
    expect(computeNextTarget(at(9, HALF_LIFE / 2))).toBe((ANCHOR * f) >> 16n);
    // -0.5 half-lives = 2^-1 * 2^0.5.
    expect(computeNextTarget(at(9, -HALF_LIFE / 2))).toBe((ANCHOR * f) >> 17n);
  });

  it('floors negative exponents rather than truncating them', () => {
    // drift -1 ms with halfLife 2*65536 ms: exponent = floor(-0.5) = -1, not 0.
    const p = at(5, -1, { halfLifeMs: 131_072 });
    const expected = (ANCHOR * asertFactor(65535n)) >> 17n;
    expect(computeNextTarget(p)).toBe(expected);
    expect(expected < ANCHOR).toBe(true);
    // drift +1 ms gives exponent floor(+0.5) = 0: unchanged.
    expect(computeNextTarget(at(5, 1, { halfLifeMs: 131_072 }))).toBe(ANCHOR);
  });

  it('is monotonic in parent time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -50 * HALF_LIFE, max: 50 * HALF_LIFE }),
        fc.integer({ min: -50 * HALF_LIFE, max: 50 * HALF_LIFE }),
        fc.bigInt({ min: 1n, max: MAX_TARGET }),
        (h, d1, d2, anchorTarget) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const a = computeNextTarget(at(h, lo, { anchorTarget }));
          const b = computeNextTarget(at(h, hi, { anchorTarget }));
          return a <= b;
        },
      ),
      { seed: 20240601, numRuns: 2000 },
    );
  });

  it('is monotonic step by step across a frac wrap-around', () => {
    let prev = 0n;
    for (let d = -3 * 65536; d <= 3 * 65536; d += 97) {
      const t = computeNextTarget(at(10, d, { halfLifeMs: 65536, anchorTarget: 2n ** 200n }));
      expect(t >= prev).toBe(true);
      prev = t;
    }
  });

  it('gets harder when blocks come fast and easier when they come slow', () => {
    expect(computeNextTarget(at(100, -1_000)) < ANCHOR).toBe(true);
    expect(computeNextTarget(at(100, 1_000)) > ANCHOR).toBe(true);
  });

  it('clamps to maxTarget and to 1', () => {
    const max = 2n ** 240n;
    expect(computeNextTarget(at(10, 10 * HALF_LIFE, { maxTarget: max }))).toBe(max);
    expect(computeNextTarget(at(10, 0, { anchorTarget: max * 3n, maxTarget: max }))).toBe(max);
    expect(computeNextTarget(at(10, -300 * HALF_LIFE))).toBe(1n);
    expect(computeNextTarget(at(10, -HALF_LIFE, { anchorTarget: 1n }))).toBe(1n);
    expect(computeNextTarget(at(10, 0, { anchorTarget: 1n }))).toBe(1n);
    expect(computeNextTarget(at(10, HALF_LIFE, { anchorTarget: MAX_TARGET }))).toBe(MAX_TARGET);
  });

  it('handles absurd exponents without building giant numbers', () => {
    // halfLife 1 ms and drift ~2^50 ms: an exponent of ~2^66 in 16.16 fixed point.
    const late = at(0, 0, { halfLifeMs: 1, parentTimeMs: Number.MAX_SAFE_INTEGER, anchorTimeMs: 0 });
    expect(computeNextTarget(late)).toBe(MAX_TARGET);
    const early = at(0, 0, { halfLifeMs: 1, parentTimeMs: Number.MIN_SAFE_INTEGER, anchorTimeMs: 0 });
    expect(computeNextTarget(early)).toBe(1n);
  });

  it('rejects invalid parameters', () => {
    expect(() => computeNextTarget(at(5, 0, { anchorHeight: 6 }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0, { halfLifeMs: 0 }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0, { blockTimeMs: 0 }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0, { blockTimeMs: 1.5 }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0, { anchorTarget: 0n }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0, { maxTarget: 0n }))).toThrow(RangeError);
    expect(() => computeNextTarget(at(5, 0.5))).toThrow(RangeError);
  });
});
