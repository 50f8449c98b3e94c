import { describe, expect, it } from 'vitest';
import {
  objectParams,
  optional,
  optionalString,
  requireDecimalBigInt,
  requireHex,
  requireInt,
  requireOneOf,
  requireString,
} from '../../../src/rpc/params.ts';
import { INVALID_PARAMS, RpcError } from '../../../src/rpc/rpcError.ts';

/** Assert `fn` throws INVALID_PARAMS whose message contains every one of `mentions`. */
function rejects(fn: () => unknown, ...mentions: string[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(RpcError);
  expect((thrown as RpcError).code).toBe(INVALID_PARAMS);
  for (const m of mentions) expect((thrown as RpcError).message).toContain(m);
}

describe('objectParams', () => {
  it('accepts a by-name object with allowed keys, and a missing params as {}', () => {
    expect(objectParams({ a: 1 }, ['a', 'b'])).toEqual({ a: 1 });
    expect(objectParams(undefined, ['a'])).toEqual({});
  });

  it('rejects arrays, non-objects and unknown keys, listing the allowed keys', () => {
    rejects(() => objectParams([1], ['a', 'b']), 'object', 'a, b');
    rejects(() => objectParams(null, ['a']), 'object');
    rejects(() => objectParams('x', ['a']), 'object');
    rejects(() => objectParams({ a: 1, zz: 2, yy: 3 }, ['a']), '"zz"', '"yy"', 'keys a');
    rejects(() => objectParams({ a: 1 }, []), 'no keys');
  });
});

describe('strings', () => {
  it('requireString enforces type and length', () => {
    expect(requireString({ s: 'abc' }, 's', { maxLength: 3 })).toBe('abc');
    rejects(() => requireString({ s: 'abcd' }, 's', { maxLength: 3 }), '"s"', 'at most 3', 'got 4');
    rejects(() => requireString({ s: '' }, 's', { maxLength: 3, minLength: 1 }), '"s"', '1 to 3');
    rejects(() => requireString({ s: 5 }, 's', { maxLength: 3 }), '"s"', 'string');
    rejects(() => requireString({}, 's', { maxLength: 3 }), '"s"');
  });

  it('optionalString treats absent and null as not given', () => {
    expect(optionalString({}, 's', { maxLength: 3 })).toBeUndefined();
    expect(optionalString({ s: null }, 's', { maxLength: 3 })).toBeUndefined();
    expect(optionalString({ s: 'x' }, 's', { maxLength: 3 })).toBe('x');
    rejects(() => optionalString({ s: 1 }, 's', { maxLength: 3 }), '"s"');
  });

  it('requireOneOf accepts only listed values', () => {
    expect(requireOneOf({ side: 'buy' }, 'side', ['buy', 'sell'] as const)).toBe('buy');
    rejects(() => requireOneOf({ side: 'hold' }, 'side', ['buy', 'sell']), '"side"', '"buy", "sell"');
    rejects(() => requireOneOf({ side: 1 }, 'side', ['buy', 'sell']), '"side"');
  });
});

describe('numbers', () => {
  it('requireInt accepts safe integers in range only', () => {
    expect(requireInt({ n: 5 }, 'n', { min: 0, max: 10 })).toBe(5);
    expect(requireInt({ n: -3 }, 'n')).toBe(-3);
    rejects(() => requireInt({ n: 11 }, 'n', { min: 0, max: 10 }), '"n"', '0 to 10');
    rejects(() => requireInt({ n: 1.5 }, 'n'), '"n"', 'integer');
    rejects(() => requireInt({ n: '5' }, 'n'), '"n"', 'not a string');
    rejects(() => requireInt({ n: 2 ** 53 }, 'n'), '"n"');
    rejects(() => requireInt({}, 'n'), '"n"');
  });

  it('requireDecimalBigInt accepts canonical decimal strings only', () => {
    expect(requireDecimalBigInt({ a: '0' }, 'a')).toBe(0n);
    expect(requireDecimalBigInt({ a: '123456789012345678901234567890' }, 'a')).toBe(123456789012345678901234567890n);
    expect(requireDecimalBigInt({ a: '-7' }, 'a')).toBe(-7n);
    for (const bad of [15, '01', '1.5', '1e3', ' 1', '0x10', '-0', '', '+1', '9'.repeat(101)]) {
      rejects(() => requireDecimalBigInt({ a: bad }, 'a'), '"a"', 'decimal string');
    }
    rejects(() => requireDecimalBigInt({ a: '-1' }, 'a', { min: 0n }), '"a"', 'from 0', 'got -1');
    rejects(() => requireDecimalBigInt({ a: '101' }, 'a', { min: 1n, max: 100n }), 'from 1 to 100');
    expect(requireDecimalBigInt({ a: '100' }, 'a', { min: 1n, max: 100n })).toBe(100n);
  });
});

describe('requireHex', () => {
  it('decodes hex with or without 0x, in either case', () => {
    expect(requireHex({ h: '00ff' }, 'h')).toEqual(new Uint8Array([0, 255]));
    expect(requireHex({ h: '0xAbCd' }, 'h', { bytes: 2 })).toEqual(new Uint8Array([0xab, 0xcd]));
    expect(requireHex({ h: '' }, 'h')).toEqual(new Uint8Array([]));
  });

  it('enforces exact and maximum lengths', () => {
    rejects(() => requireHex({ h: 'aa' }, 'h', { bytes: 32 }), '"h"', '32 bytes', 'got 1 bytes');
    rejects(() => requireHex({ h: 'aabbcc' }, 'h', { maxBytes: 2 }), '"h"', 'at most 2 bytes');
    expect(requireHex({ h: 'aabb' }, 'h', { maxBytes: 2 })).toHaveLength(2);
  });

  it('rejects odd lengths, non-hex characters and non-strings', () => {
    rejects(() => requireHex({ h: 'abc' }, 'h'), '"h"', 'even');
    rejects(() => requireHex({ h: 'zz' }, 'h'), '"h"', '0-9');
    rejects(() => requireHex({ h: 12 }, 'h'), '"h"', 'hex string');
  });
});

describe('optional', () => {
  it('runs the reader only when the key is given', () => {
    const limit = (p: Record<string, unknown>) => optional(p, 'limit', (o, k) => requireInt(o, k, { min: 1, max: 100 }));
    expect(limit({})).toBeUndefined();
    expect(limit({ limit: null })).toBeUndefined();
    expect(limit({ limit: 5 })).toBe(5);
    rejects(() => limit({ limit: 0 }), '"limit"');
  });
});
