import fc from 'fast-check';
import { TIME_IN_FORCE, type FeeSchedule, type Side, type TimeInForce } from '../../../src/exchange/engine/index.ts';

/** A random grid: regions r0…r(n−1), each with a route to itself, and some pairs without one. */
export interface Grid extends FeeSchedule {
  readonly regions: readonly string[];
  readonly matrix: ReadonlyArray<ReadonlyArray<bigint | null>>;
}

/** Makes a FeeSchedule from a stamp-sum matrix (rows: seller region, columns: buyer region). */
export function gridOf(matrix: ReadonlyArray<ReadonlyArray<bigint | null>>): Grid {
  const regions = matrix.map((_, i) => `r${i}`);
  return {
    regions,
    matrix,
    stampSum(from: string, to: string): bigint | null {
      const a = regions.indexOf(from);
      const b = regions.indexOf(to);
      if (a < 0 || b < 0) return null;
      return matrix[a]![b]!;
    },
  };
}

/** 1 to `maxRegions` regions; stamp sums 0..maxStamp, about one pair in four without a route. */
export function gridArb(maxRegions: number, maxStamp: number): fc.Arbitrary<Grid> {
  return fc.integer({ min: 1, max: maxRegions }).chain((n) =>
    fc
      .array(fc.array(fc.option(fc.integer({ min: 0, max: maxStamp }), { freq: 3 }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })
      .map((rows) => gridOf(rows.map((row, i) => row.map((v, j) => (i === j ? BigInt(v ?? 0) : v === null ? null : BigInt(v)))))),
  );
}

/** One step of a random order stream. */
export type Op =
  | { kind: 'place'; side: Side; owner: number; region: number; wh: number; price: number; tif: TimeInForce; period: number; step: number }
  | { kind: 'cancel'; pick: number; wrongOwner: boolean }
  | { kind: 'amend'; pick: number; wrongOwner: boolean; mode: 'reduce' | 'grow' | 'price' | 'both' | 'same'; delta: number; step: number };

/** Order streams over few owners, two periods and a narrow price band, so orders cross often. */
export function opsArb(maxOps: number): fc.Arbitrary<Op[]> {
  // Buys' landed limits sit a little above sells' prices, as they include transmission.
  const place = fc.constantFrom<Side>('buy', 'sell').chain((side) => fc.record({
    kind: fc.constant('place' as const),
    side: fc.constant(side),
    owner: fc.integer({ min: 0, max: 3 }),
    // 0–5 pick a grid region (modulo their number), 6 a region not on the grid.
    region: fc.integer({ min: 0, max: 6 }),
    wh: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.constant(0) }),
    price: side === 'buy' ? fc.integer({ min: 10, max: 70 }) : fc.integer({ min: 0, max: 50 }),
    tif: fc.constantFrom(...TIME_IN_FORCE),
    period: fc.integer({ min: 0, max: 1 }),
    step: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
  }));
  const cancel = fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(), wrongOwner: fc.oneof({ weight: 10, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) });
  const amend = fc.record({
    kind: fc.constant('amend' as const),
    pick: fc.nat(),
    wrongOwner: fc.oneof({ weight: 10, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    mode: fc.constantFrom('reduce' as const, 'grow' as const, 'price' as const, 'both' as const, 'same' as const),
    delta: fc.integer({ min: -10, max: 10 }),
    step: fc.integer({ min: 0, max: 2 }),
  });
  return fc.array(fc.oneof({ weight: 6, arbitrary: place }, { weight: 1, arbitrary: cancel }, { weight: 2, arbitrary: amend }), { minLength: 1, maxLength: maxOps, size: 'max' });
}
