import { ShapeError, readBytes, readString, readU32, readU63 } from './shape.ts';
import { toHex, fromHexOrUndefined } from './bytes.ts';
import { addressFromBytes, addressToBytes } from './address.ts';

/**
 * The field types a transaction payload is built from. Each has a wire form (what the
 * canonical encoding holds) and a JSON form (what RPC and the CLI read and print):
 * - address: 20-byte account id on the wire, `tes1…` bech32m in JSON
 * - amount:  int64 bigint on the wire (µTES, Wh, or µTES/kWh), decimal string in JSON
 * - u32:     small integer on both
 * - hash:    32 bytes on the wire, hex in JSON
 * - text:    bounded UTF-8 string on both
 * - bool:    boolean on both
 */
export type FieldType =
  | { readonly t: 'address' }
  | { readonly t: 'amount' }
  | { readonly t: 'u32' }
  | { readonly t: 'hash' }
  | { readonly t: 'text'; readonly max: number }
  | { readonly t: 'bool' };

/** One named field of a payload schema. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
}

/** Shorthands for declaring schemas. */
export const F = {
  address: { t: 'address' } as FieldType,
  amount: { t: 'amount' } as FieldType,
  u32: { t: 'u32' } as FieldType,
  hash: { t: 'hash' } as FieldType,
  bool: { t: 'bool' } as FieldType,
  text: (max: number): FieldType => ({ t: 'text', max }),
};

type FieldValue = Uint8Array | bigint | number | string | boolean;

/** Reads a field from its decoded wire form, throwing ShapeError naming it. */
export function readFieldWire(type: FieldType, v: unknown, what: string): FieldValue {
  switch (type.t) {
    case 'address':
      return readBytes(v, what, 20);
    case 'amount':
      return readU63(v, what);
    case 'u32':
      return readU32(v, what);
    case 'hash':
      return readBytes(v, what, 32);
    case 'text':
      return readString(v, what, type.max);
    case 'bool':
      if (typeof v !== 'boolean') throw new ShapeError(`${what} must be true or false`);
      return v;
  }
}

/** Reads a field from JSON (RPC params, CLI), throwing ShapeError naming it. */
export function readFieldJson(type: FieldType, v: unknown, what: string): FieldValue {
  switch (type.t) {
    case 'address': {
      if (typeof v !== 'string') throw new ShapeError(`${what} must be a tes1… address string`);
      try {
        return addressToBytes(v);
      } catch (err) {
        throw new ShapeError(`${what}: ${(err as Error).message}`);
      }
    }
    case 'amount': {
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
      if (typeof v !== 'string' || !/^\d{1,19}$/.test(v)) throw new ShapeError(`${what} must be a non-negative integer as a decimal string`);
      return readU63(BigInt(v), what);
    }
    case 'hash': {
      const b = typeof v === 'string' ? fromHexOrUndefined(v) : undefined;
      if (!b || b.length !== 32) throw new ShapeError(`${what} must be 32 bytes of hex (64 characters)`);
      return b;
    }
    default:
      return readFieldWire(type, v, what);
  }
}

/** The JSON form of a field value. */
export function fieldToJson(type: FieldType, v: FieldValue): string | number | boolean {
  switch (type.t) {
    case 'address':
      return addressFromBytes(v as Uint8Array);
    case 'amount':
      return (v as bigint).toString();
    case 'hash':
      return toHex(v as Uint8Array);
    default:
      return v as number | string | boolean;
  }
}
