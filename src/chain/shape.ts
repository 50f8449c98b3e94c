/**
 * Shape checks for decoded data at a boundary (wire, RPC, files). Each reader takes an
 * unknown value and either returns it typed or throws ShapeError naming the field, so a
 * malformed input is rejected before anything trusts it.
 */

/** A decoded value did not have the shape its type requires. */
export class ShapeError extends Error {
  readonly code = 'BAD_SHAPE';
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

/** Largest value of a signed 64-bit integer: the range of every int64-encoded field. */
export const I64_MAX = (1n << 63n) - 1n;

/** An array of exactly `len` items. */
export function readTuple(v: unknown, len: number, what: string): unknown[] {
  if (!Array.isArray(v) || v.length !== len) {
    throw new ShapeError(`${what} must be an array of ${len} items`);
  }
  return v;
}

/** An array of at most `max` items. */
export function readList(v: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ShapeError(`${what} must be an array`);
  if (v.length > max) throw new ShapeError(`${what} has ${v.length} items, over the limit of ${max}`);
  return v;
}

/** A byte string of exactly `len` bytes (or at most `max` when len is undefined). */
export function readBytes(v: unknown, what: string, len?: number, max = 1 << 20): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new ShapeError(`${what} must be bytes`);
  if (len !== undefined && v.length !== len) throw new ShapeError(`${what} must be ${len} bytes, got ${v.length}`);
  if (v.length > max) throw new ShapeError(`${what} is ${v.length} bytes, over the limit of ${max}`);
  return new Uint8Array(v);
}

/** An unsigned integer below 2^32, encoded as a msgpack integer. */
export function readU32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new ShapeError(`${what} must be an integer from 0 to 4294967295`);
  }
  return v;
}

/** A non-negative int64, encoded from a bigint. */
export function readU63(v: unknown, what: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > I64_MAX) {
    throw new ShapeError(`${what} must be a 64-bit integer from 0 to ${I64_MAX}`);
  }
  return v;
}

/** A millisecond timestamp: a non-negative int64 that is a safe JS integer. */
export function readTimeMs(v: unknown, what: string): number {
  const big = readU63(v, what);
  if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new ShapeError(`${what} is too large for a timestamp`);
  return Number(big);
}

/** A string of at most `max` UTF-16 units. */
export function readString(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string') throw new ShapeError(`${what} must be a string`);
  if (v.length > max) throw new ShapeError(`${what} is longer than ${max} characters`);
  return v;
}

/** A plain object with exactly the given keys, in this order. */
export function readRecord(v: unknown, keys: readonly string[], what: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
    throw new ShapeError(`${what} must be a map`);
  }
  const got = Object.keys(v);
  if (got.length !== keys.length || got.some((k, i) => k !== keys[i])) {
    throw new ShapeError(`${what} must have the fields ${keys.join(', ')} in that order, got ${got.slice(0, 20).join(', ')}`);
  }
  return v as Record<string, unknown>;
}
