import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TARGET, blockWork, boostedTarget, hashMeetsTarget, hashToBigInt } from '../../../src/consensus/work.ts';

describe('boostedTarget', () => {
  it('is the base target at credit 0 or maxBoost 1', () => {
    expect(boostedTarget(12_345n, 0, 4)).toBe(12_345n);
    expect(boostedTarget(12_345n, 1000, 1)).toBe(12_345n);
  });

  it('multiplies by maxBoost at full credit', () => {
    expect(boostedTarget(12_345n, 1000, 4)).toBe(49_380n);
    expect(boostedTarget(2n ** 200n, 1000, 16)).toBe(16n * 2n ** 200n);
  });

  it('floors fractional boosts', () => {
    // boost(1) with maxBoost 4 = 1.003: 999 * 1003 / 1000 = 1001.997 -> 1001.
    expect(boostedTarget(999n, 1, 4)).toBe(1001n);
    // boost(500) = 2.5.
    expect(boostedTarget(3n, 500, 4)).toBe(7n);
    expect(boostedTarget(1n, 333, 4)).toBe(1n);
  });

  it('caps at MAX_TARGET', () => {
    expect(boostedTarget(MAX_TARGET, 1000, 4)).toBe(MAX_TARGET);
    expect(boostedTarget(2n ** 255n, 1000, 2)).toBe(MAX_TARGET);
    expect(boostedTarget(2n ** 254n, 1000, 2)).toBe(2n ** 255n);
  });

  it('matches the formula and grows with credit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: MAX_TARGET }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 16 }),
        (base, c1, c2, maxBoost) => {
          const expected = (base * BigInt(1000 + (maxBoost - 1) * c1)) / 1000n;
          expect(boostedTarget(base, c1, maxBoost)).toBe(expected > MAX_TARGET ? MAX_TARGET : expected);
          const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
          expect(boostedTarget(base, lo, maxBoost) <= boostedTarget(base, hi, maxBoost)).toBe(true);
          expect(boostedTarget(base, lo, maxBoost) >= base).toBe(true);
        },
      ),
      { seed: 1234, numRuns: 2000 },
    );
  });

  it('validates credit, maxBoost and the base target', () => {
    for (const credit of [-1, 1001, 1.5, Number.NaN]) {
      expect(() => boostedTarget(10n, credit, 4)).toThrow(RangeError);
    }
    for (const maxBoost of [0, 17, 2.5, Number.POSITIVE_INFINITY]) {
      expect(() => boostedTarget(10n, 10, maxBoost)).toThrow(RangeError);
    }
    expect(() => boostedTarget(0n, 10, 4)).toThrow(RangeError);
  });
});

describe('blockWork', () => {
  it('computes floor(2^256 / target)', () => {
    expect(blockWork(1n)).toBe(2n ** 256n);
    expect(blockWork(MAX_TARGET)).toBe(1n);
    expect(blockWork(2n ** 255n)).toBe(2n);
    expect(blockWork(3n)).toBe(2n ** 256n / 3n);
  });

  it('is a floor for any target', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_TARGET }), (t) => {
        const w = blockWork(t);
        return w * t <= 2n ** 256n && (w + 1n) * t > 2n ** 256n;
      }),
      { seed: 99, numRuns: 2000 },
    );
  });

  it('rejects targets below 1', () => {
    expect(() => blockWork(0n)).toThrow(RangeError);
    expect(() => blockWork(-5n)).toThrow(RangeError);
  });
});

describe('hashToBigInt / hashMeetsTarget', () => {
  it('reads big-endian bytes', () => {
    expect(hashToBigInt(new Uint8Array([0x01, 0x02]))).toBe(0x0102n);
    expect(hashToBigInt(new Uint8Array([]))).toBe(0n);
    expect(hashToBigInt(new Uint8Array(32).fill(0xff))).toBe(MAX_TARGET);
    expect(hashToBigInt(new Uint8Array(32))).toBe(0n);
  });

  it('respects subarray views', () => {
    const big = new Uint8Array([9, 9, 0xab, 0xcd, 9]);
    expect(hashToBigInt(big.subarray(2, 4))).toBe(0xabcdn);
  });

  it('accepts hashes equal to the target and rejects one above', () => {
    const h = new Uint8Array(32);
    h[0] = 0x00;
    h[1] = 0x10;
    const v = hashToBigInt(h);
    expect(hashMeetsTarget(h, v)).toBe(true);
    expect(hashMeetsTarget(h, v + 1n)).toBe(true);
    expect(hashMeetsTarget(h, v - 1n)).toBe(false);
    expect(hashMeetsTarget(new Uint8Array(32).fill(0xff), MAX_TARGET)).toBe(true);
    expect(hashMeetsTarget(new Uint8Array(32), 0n)).toBe(true);
  });

  it('agrees with a byte-by-byte comparison', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (a, b) => {
        let cmp = 0;
        for (let i = 0; i < 32 && cmp === 0; i++) cmp = (a[i] as number) - (b[i] as number);
        expect(hashMeetsTarget(a, hashToBigInt(b))).toBe(cmp <= 0);
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});
