import { describe, expect, it } from 'vitest';
import { toJson } from '../../../src/rpc/server.ts';
import { APPLICATION_ERROR, INTERNAL_ERROR, INVALID_PARAMS, mapError, RpcError } from '../../../src/rpc/rpcError.ts';

describe('toJson', () => {
  it('converts bigint, bytes, Map, Set and Date', () => {
    expect(toJson(2n ** 64n)).toBe('18446744073709551616');
    expect(toJson(Buffer.from([0xde, 0xad]))).toBe('dead');
    // A view into a larger buffer must encode only its own bytes.
    expect(toJson(new Uint8Array([1, 2, 3, 4]).subarray(1, 3))).toBe('0203');
    expect(toJson(new Map<unknown, unknown>([['a', 1n], [2n, new Uint8Array([0xab])]]))).toEqual({ a: '1', '2': 'ab' });
    expect(toJson(new Set([1n, 2n]))).toEqual(['1', '2']);
    expect(toJson(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });

  it('drops undefined fields and turns undefined array items into null, like JSON.stringify', () => {
    expect(toJson({ a: undefined, b: 1, f: () => 1 })).toEqual({ b: 1 });
    expect(toJson([undefined, 1])).toEqual([null, 1]);
    expect(toJson(undefined)).toBeNull();
  });

  it('keeps a "__proto__" key as a plain field', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":1},"a":1}');
    const out = toJson(parsed) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":1},"a":1}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(toJson(new Map([['__proto__', 2n]])))).toBe('{"__proto__":"2"}');
  });

  it('walks nested structures and class instances', () => {
    class Listing {
      id = 7n;
      seller = new Uint8Array([1]);
    }
    expect(toJson({ items: [new Listing()], nested: { deep: [{ v: -1n }] } })).toEqual({
      items: [{ id: '7', seller: '01' }],
      nested: { deep: [{ v: '-1' }] },
    });
  });

  it('allows shared (non-cyclic) references but throws on cycles and non-finite numbers', () => {
    const shared = { x: 1 };
    expect(toJson({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => toJson(cyclic)).toThrow(/cyclic/);
    expect(() => toJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => toJson(new Uint16Array(2))).toThrow(/Uint16Array/);
  });
});

describe('mapError', () => {
  it('passes RpcError through', () => {
    expect(mapError(new RpcError(INVALID_PARAMS, 'bad', { k: 1 }))).toEqual({
      error: { code: INVALID_PARAMS, message: 'bad', data: { k: 1 } },
      unexpected: false,
    });
  });

  it('maps errors with a string code to the application range', () => {
    const err = Object.assign(new Error('late gate: the gate closed at 12:00'), { code: 'LATE_GATE' });
    expect(mapError(err)).toEqual({ error: { code: APPLICATION_ERROR, message: err.message, data: { code: 'LATE_GATE' } }, unexpected: false });
  });

  it('keeps everything else internal, including Node system and internal errors', () => {
    const internal = { error: { code: INTERNAL_ERROR, message: 'internal error' }, unexpected: true };
    expect(mapError(new Error('boom'))).toEqual(internal);
    expect(mapError('a string')).toEqual(internal);
    expect(mapError(Object.assign(new Error('x'), { code: 42 }))).toEqual(internal);
    expect(mapError(Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }))).toEqual(internal);
    expect(mapError(Object.assign(new TypeError('bad arg'), { code: 'ERR_INVALID_ARG_TYPE' }))).toEqual(internal);
  });
});
