import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTes, MAX_MICRO_EXCLUSIVE, parseTes } from '../../../src/chain/units.ts';
import { AmountError } from '../../../src/chain/units.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AmountError ? err.code : `not an AmountError: ${String(err)}`;
  }
  return undefined;
}

describe('parseTes', () => {
  it.each([
    ['0', 0n],
    ['1', 1_000_000n],
    ['1.5', 1_500_000n],
    ['0.000001', 1n],
    ['1000000', 1_000_000_000_000n],
    ['12.345678', 12_345_678n],
    ['007.50', 7_500_000n],
    ['9223372036854.775807', MAX_MICRO_EXCLUSIVE - 1n],
  ])('parses %j exactly', (text, micro) => {
    expect(parseTes(text)).toBe(micro);
  });

  it.each([
    '', ' ', '1.0000001', '-1', '+1', '1e6', '1E6', '0x10', ' 1', '1 ', '1 000', '1,5', '1.', '.5',
    '1..5', 'NaN', 'Infinity', '١', '1\n', '9223372036854.775808', '99999999999999999999', '1'.repeat(100),
  ])('rejects %j with BAD_AMOUNT', (text) => {
    expect(codeOf(() => parseTes(text))).toBe('BAD_AMOUNT');
  });

  it('names the input and the accepted form in the message', () => {
    expect(() => parseTes('1e6')).toThrow(/"1e6".*at most 6 decimals/);
    expect(() => parseTes('9223372036855')).toThrow(/"9223372036855".*largest amount is 9223372036854\.775807 TES/);
  });
});

describe('formatTes', () => {
  it.each([
    [1_500_000n, '1.5'],
    [1n, '0.000001'],
    [0n, '0'],
    [1_000_000n, '1'],
    [10_000_000n, '10'],
    [123_456_789n, '123.456789'],
    [-1_500_000n, '-1.5'],
    [-1n, '-0.000001'],
  ])('formats %s as %j', (micro, text) => {
    expect(formatTes(micro)).toBe(text);
  });
});

describe('parseTes/formatTes round trip', () => {
  const micro = fc.bigInt({ min: 0n, max: MAX_MICRO_EXCLUSIVE - 1n });
  const tesText = fc
    .tuple(fc.stringMatching(/^\d{1,13}$/), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
    .map(([w, f]) => (f === undefined ? w : `${w}.${f}`))
    .filter((t) => {
      try {
        parseTes(t);
        return true;
      } catch {
        return false;
      }
    });

  it('parseTes(formatTes(n)) === n for every valid amount', () => {
    fc.assert(fc.property(micro, (n) => parseTes(formatTes(n)) === n), { seed: 1, numRuns: 2000 });
  });

  it('formatTes(parseTes(x)) is the normal form of x', () => {
    fc.assert(
      fc.property(tesText, (x) => {
        const out = formatTes(parseTes(x));
        // normal form: no leading zeros (except a lone 0), no trailing fractional zeros, no bare point
        expect(out).toMatch(/^(0|[1-9]\d*)(\.\d{0,5}[1-9])?$/);
        expect(parseTes(out)).toBe(parseTes(x));
        expect(formatTes(parseTes(out))).toBe(out);
      }),
      { seed: 2, numRuns: 2000 },
    );
  });

  it('formatTes handles negatives symmetrically', () => {
    fc.assert(fc.property(micro, (n) => n === 0n || formatTes(-n) === `-${formatTes(n)}`), { seed: 3 });
  });
});
