import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeNextTarget } from '../../../src/consensus/difficulty.ts';
import type { AsertParams } from '../../../src/consensus/difficulty.ts';
import { computeNextTargetReference } from '../../../src/consensus/difficultyReference.ts';
import { MAX_TARGET } from '../../../src/consensus/work.ts';

const target = fc.oneof(
  fc.bigInt({ min: 1n, max: MAX_TARGET }),
  fc.constantFrom(1n, 2n, 3n, 65_535n, 65_536n, MAX_TARGET, MAX_TARGET - 1n, 2n ** 255n),
  fc.integer({ min: 0, max: 255 }).map((k) => 2n ** BigInt(k)),
);

const drift = (halfLife: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: -1_000, max: 1_000 }),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    // Exact multiples of the half-life, and one ms either side.
    fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -1, max: 1 })).map(([k, e]) => k * halfLife + e),
  );

const params: fc.Arbitrary<AsertParams> = fc
  .record({
    anchorTarget: target,
    maxTarget: fc.oneof(fc.constant(MAX_TARGET), target),
    anchorTimeMs: fc.integer({ min: -(2 ** 44), max: 2 ** 44 }),
    anchorHeight: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 31 })),
    blocks: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 2 ** 31 })),
    blockTimeMs: fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(1_000, 10_000)),
    halfLifeMs: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.constantFrom(1, 3, 65_536, 172_800_000)),
  })
  .chain((r) =>
    drift(r.halfLifeMs).map((d) => ({
      anchorTarget: r.anchorTarget,
      maxTarget: r.maxTarget,
      anchorTimeMs: r.anchorTimeMs,
      anchorHeight: r.anchorHeight,
      parentHeight: r.anchorHeight + r.blocks,
      parentTimeMs: r.anchorTimeMs + r.blocks * r.blockTimeMs + d,
      blockTimeMs: r.blockTimeMs,
      halfLifeMs: r.halfLifeMs,
    })),
  )
  .filter((p) => Number.isSafeInteger(p.parentTimeMs));

describe('ASERT differential: computeNextTarget vs reference', () => {
  it('agree exactly over wide random inputs', () => {
    fc.assert(
      fc.property(params, (p) => {
        expect(computeNextTarget(p)).toBe(computeNextTargetReference(p));
      }),
      { seed: 0x5eed, numRuns: 20_000 },
    );
  });

  it('agree near the schedule with small half-lives (every frac value reachable)', () => {
    fc.assert(
      fc.property(
        target,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: -5 * 65_536, max: 5 * 65_536 }),
        (anchorTarget, h, d) => {
          const p: AsertParams = {
            anchorTarget,
            anchorTimeMs: 0,
            anchorHeight: 0,
            parentHeight: h,
            parentTimeMs: h * 1_000 + d,
            blockTimeMs: 1_000,
            halfLifeMs: 65_536,
            maxTarget: MAX_TARGET,
          };
          expect(computeNextTarget(p)).toBe(computeNextTargetReference(p));
        },
      ),
      { seed: 77, numRuns: 20_000 },
    );
  });
});
