import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CREDIT_DEFAULTS } from '../../../src/market/credit/config.ts';
import { activityPart, computeScore, levelOf, ratingPart } from '../../../src/market/credit/score.ts';
import { ONE, decay, retentionFactor } from '../../../src/market/credit/decay.ts';

const cfg = CREDIT_DEFAULTS;

describe('the credit formula (docs/credit.md)', () => {
  it('a newcomer scores 250 × (prior mean − 1) = 500, level BB', () => {
    expect(computeScore(cfg, { ratingsCount: 0, ratingsSum: 0, activity: 0n, penalty: 0n, external: null })).toEqual({
      ratingPart: 500, activityPart: 0, penaltyPart: 0, internal: 500, composite: 500,
    });
    expect(levelOf(500, cfg.levelFloors)).toBe('BB');
  });

  it('the worked example: 12 ratings summing 55, 5.2 decayed traded periods, one shortfall 3 periods ago, agency 900', () => {
    // rating   floor(250 × (5·3 + 55 − (5 + 12)) / (5 + 12)) = floor(13,250 / 17) = floor(779.41) = 779
    expect(ratingPart(cfg, 12, 55)).toBe(779);
    // activity floor(100 × 5,200 / 8,000) = 65
    expect(activityPart(cfg, 5_200n)).toBe(65);
    // penalty  50 points × 0.995³ = 50,000 × 0.985074875 = 49,253 thousandths → 49
    const penalty = decay(50_000n, cfg.penaltyRetention, 3);
    expect(penalty).toBe(49_253n);
    const s = computeScore(cfg, { ratingsCount: 12, ratingsSum: 55, activity: 5_200n, penalty, external: 900 });
    // internal 779 + 65 − 49 = 795; composite floor((70 × 795 + 30 × 900) / 100) = floor(826.5) = 826
    expect(s).toEqual({ ratingPart: 779, activityPart: 65, penaltyPart: 49, internal: 795, composite: 826 });
    expect(levelOf(826, cfg.levelFloors)).toBe('AA');
  });

  it('maps the Bayesian average linearly: all ones → 0, all fives → 1000 in the limit', () => {
    expect(ratingPart(cfg, 1000, 1000)).toBe(2); // (15 + 1000 − 1005) × 250 / 1005
    expect(ratingPart(cfg, 1000, 5000)).toBe(997); // (15 + 5000 − 1005) × 250 / 1005 = 997.5
    expect(ratingPart(cfg, 0, 0)).toBe(500);
  });

  it('clamps the internal score to 0..1000 and caps activity at its target', () => {
    expect(computeScore(cfg, { ratingsCount: 0, ratingsSum: 0, activity: 0n, penalty: 10_000_000n, external: null }).internal).toBe(0);
    expect(computeScore(cfg, { ratingsCount: 1000, ratingsSum: 5000, activity: 1_000_000n, penalty: 0n, external: null }).internal).toBe(1000);
    expect(activityPart(cfg, 8_000n)).toBe(100);
    expect(activityPart(cfg, 80_000n)).toBe(100);
  });

  it('levels follow the genesis floors', () => {
    const floors = cfg.levelFloors;
    expect([1000, 900, 899, 800, 700, 600, 500, 400, 399, 0].map((s) => levelOf(s, floors))).toEqual(['AAA', 'AAA', 'AA', 'AA', 'A', 'BBB', 'BB', 'B', 'C', 'C']);
    expect(levelOf(950, [990, 950, 900, 850, 800, 700])).toBe('AA');
  });

  it('property: scores stay in 0..1000, rise with better ratings, fall with penalties', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 4 }), fc.bigInt(0n, 100_000n), fc.bigInt(0n, 2_000_000n),
        fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
        (n, extra, activity, penalty, external) => {
          const sum = n + Math.floor((n * extra) / 4);
          const s = computeScore(cfg, { ratingsCount: n, ratingsSum: sum, activity, penalty, external });
          for (const v of [s.ratingPart, s.internal, s.composite]) expect(v >= 0 && v <= 1000).toBe(true);
          const better = computeScore(cfg, { ratingsCount: n + 1, ratingsSum: sum + 5, activity, penalty, external });
          expect(better.internal).toBeGreaterThanOrEqual(s.internal);
          const worse = computeScore(cfg, { ratingsCount: n, ratingsSum: sum, activity, penalty: penalty + 10_000n, external });
          expect(worse.internal).toBeLessThanOrEqual(s.internal);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('fixed-point decay', () => {
  it('is r^n in nine decimals, floored at each step', () => {
    expect(retentionFactor(950, 0)).toBe(ONE);
    expect(retentionFactor(950, 1)).toBe(950_000_000n);
    expect(retentionFactor(950, 2)).toBe(902_500_000n);
    expect(retentionFactor(995, 3)).toBe(985_074_875n);
    expect(retentionFactor(1000, 10_000)).toBe(ONE);
    expect(retentionFactor(999, 100_000)).toBe(0n);
    expect(decay(1000n, 500, 1)).toBe(500n);
  });

  it('agrees with exact rational powers to within the floors (one unit per squaring)', () => {
    for (const [r, n] of [[950, 13], [995, 200], [900, 77], [999, 4096]] as const) {
      const exact = (BigInt(r) ** BigInt(n) * ONE) / 1000n ** BigInt(n);
      const got = retentionFactor(r, n);
      expect(exact - got >= 0n && exact - got <= 64n).toBe(true);
    }
  });
});
