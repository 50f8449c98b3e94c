/**
 * Validation helpers for RPC method params. Each throws RpcError(INVALID_PARAMS) with a
 * message naming the parameter and what it must be, so callers can fix the request.
 */
import { INVALID_PARAMS, RpcError } from './rpcError.ts';
import { addressToBytes } from '../chain/address.ts';

/** By-name params after `objectParams`: only allowed keys, values not yet checked. */
export type Params = Record<string, unknown>;

// Longest decimal string accepted for a bigint: far beyond any amount (2^256 has 78
// digits) yet short enough that parsing it costs nothing.
const MAX_DECIMAL_DIGITS = 100;

function fail(message: string): never {
  throw new RpcError(INVALID_PARAMS, `invalid params: ${message}`);
}

/** Accept by-name params (a missing `params` counts as `{}`); reject arrays and unknown keys. */
export function objectParams(params: unknown, allowedKeys: readonly string[]): Params {
  if (params === undefined) return {};
  const expected = allowedKeys.length > 0 ? `with keys ${allowedKeys.join(', ')}` : 'with no keys';
  if (params === null || typeof params !== 'object' || Array.isArray(params)) fail(`params must be an object ${expected} (by name)`);
  const unknown = Object.keys(params).filter((key) => !allowedKeys.includes(key));
  if (unknown.length > 0) fail(`unknown param${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}; expected an object ${expected}`);
  return params as Params;
}

/** Absent or null both count as "not given". */
function given(obj: Params, key: string): boolean {
  return obj[key] !== undefined && obj[key] !== null;
}

/** A required string of at most `maxLength` (and at least `minLength`, default 0) characters. */
export function requireString(obj: Params, key: string, opts: { maxLength: number; minLength?: number }): string {
  const value = obj[key];
  const min = opts.minLength ?? 0;
  const want = `a string of ${min > 0 ? `${min} to ` : 'at most '}${opts.maxLength} characters`;
  if (typeof value !== 'string') fail(`"${key}" must be ${want}`);
  if (value.length < min || value.length > opts.maxLength) fail(`"${key}" must be ${want} (got ${value.length})`);
  return value;
}

/** Like `requireString`, but undefined when the key is absent or null. */
export function optionalString(obj: Params, key: string, opts: { maxLength: number; minLength?: number }): string | undefined {
  return given(obj, key) ? requireString(obj, key, opts) : undefined;
}

/** A required JSON number that is a safe integer in [min, max] (defaults: the safe-integer range). */
export function requireInt(obj: Params, key: string, opts: { min?: number; max?: number } = {}): number {
  const value = obj[key];
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`"${key}" must be an integer from ${min} to ${max} (a JSON number, not a string)`);
  }
  return value;
}

/**
 * A required hex string (lower or upper case, optional 0x prefix) decoded to bytes;
 * `bytes` demands an exact length, `maxBytes` an upper bound.
 */
export function requireHex(obj: Params, key: string, opts: { bytes?: number; maxBytes?: number } = {}): Uint8Array {
  const value = obj[key];
  const size = opts.bytes !== undefined ? `${opts.bytes} bytes (${opts.bytes * 2} hex digits)` : opts.maxBytes !== undefined ? `at most ${opts.maxBytes} bytes` : 'any length';
  if (typeof value !== 'string') fail(`"${key}" must be a hex string of ${size}`);
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) fail(`"${key}" must be a hex string of ${size}: only 0-9 and a-f, an even number of digits`);
  const length = hex.length / 2;
  if ((opts.bytes !== undefined && length !== opts.bytes) || (opts.maxBytes !== undefined && length > opts.maxBytes)) {
    fail(`"${key}" must be ${size} of hex (got ${length} bytes)`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * A required integer written as a decimal string ("1500", not 1500 or "1.5e3"), because
 * JSON numbers lose precision past 2^53; optional inclusive bounds.
 */
export function requireDecimalBigInt(obj: Params, key: string, opts: { min?: bigint; max?: bigint } = {}): bigint {
  const value = obj[key];
  const range = opts.min !== undefined || opts.max !== undefined ? ` from ${opts.min ?? '-∞'} to ${opts.max ?? '∞'}` : '';
  const want = `an integer as a decimal string, e.g. "1500"${range}`;
  if (typeof value !== 'string' || value.length > MAX_DECIMAL_DIGITS || !/^(0|-?[1-9][0-9]*)$/.test(value)) fail(`"${key}" must be ${want}`);
  const n = BigInt(value);
  if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) fail(`"${key}" must be ${want} (got ${value})`);
  return n;
}

/** A required string that is one of `values`. */
export function requireOneOf<T extends string>(obj: Params, key: string, values: readonly T[]): T {
  const value = obj[key];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    fail(`"${key}" must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  return value as T;
}

/** Make any `require*` reader optional: undefined when the key is absent or null, else the reader's result. */
export function optional<T>(obj: Params, key: string, read: (obj: Params, key: string) => T): T | undefined {
  return given(obj, key) ? read(obj, key) : undefined;
}

/** Range of u32 fields (ids, periods): `requireInt(obj, key, U32)`. */
export const U32 = { min: 0, max: 0xffffffff } as const;

/** A `tes1…` address string, checked (checksum and length) before it is trusted. */
export function requireAddress(obj: Params, key: string): string {
  const text = requireString(obj, key, { maxLength: 120 });
  try {
    addressToBytes(text);
  } catch (err) {
    throw new RpcError(INVALID_PARAMS, `${key}: ${(err as Error).message}`);
  }
  return text;
}
