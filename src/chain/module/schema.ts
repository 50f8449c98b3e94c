import { ShapeError, readBytes, readString, readU32, readU63 } from '../shape.ts';
import { toHex, fromHexOrUndefined } from '../bytes.ts';
import { addressFromBytes, addressToBytes } from '../address.ts';

/**
 * The field types that transaction payloads, RPC parameters and receipts are built from.
 * One schema per transaction kind decodes its payload and types the operation's
 * arguments, so a handler never casts. Each type has a wire form (what the canonical
 * encoding holds) and a JSON form (what RPC and the CLI read and print):
 * - address: 20-byte account id on the wire, `tes1…` bech32m in JSON
 * - amount:  int64 bigint on the wire (µTES, Wh, or µTES/kWh), decimal string in JSON
 * - u32:     small integer on both
 * - hash:    32 bytes on the wire, hex in JSON
 * - bytes:   a byte string of at most `max` bytes on the wire, hex in JSON
 * - text:    bounded UTF-8 string on both
 * - bool:    boolean on both
 */
export type FieldType =
  | { readonly t: 'address' }
  | { readonly t: 'amount' }
  | { readonly t: 'u32' }
  | { readonly t: 'hash' }
  | { readonly t: 'bytes'; readonly max: number }
  | { readonly t: 'text'; readonly max: number }
  | { readonly t: 'bool' };

/** The value a field type holds once decoded. */
export type FieldValueOf<T extends FieldType> = T extends { t: 'address' | 'hash' | 'bytes' }
  ? Uint8Array
  : T extends { t: 'amount' }
    ? bigint
    : T extends { t: 'u32' }
      ? number
      : T extends { t: 'text' }
        ? string
        : boolean;

/** Any decoded field value. */
export type FieldValue = Uint8Array | bigint | number | string | boolean;

/**
 * A payload schema: field names to types. The key order is the wire order (JavaScript
 * keeps string keys in insertion order), so a schema is declared once, in order.
 */
export type Schema = Readonly<Record<string, FieldType>>;

/** The typed arguments a schema decodes to. */
export type ArgsOf<S extends Schema> = { readonly [K in keyof S]: FieldValueOf<S[K]> };

/** Shorthands for declaring schemas. */
export const Field = {
  address: { t: 'address' } as const,
  amount: { t: 'amount' } as const,
  u32: { t: 'u32' } as const,
  hash: { t: 'hash' } as const,
  bool: { t: 'bool' } as const,
  text: <N extends number>(max: N) => ({ t: 'text', max }) as const,
  bytes: <N extends number>(max: N) => ({ t: 'bytes', max }) as const,
};

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
    case 'bytes':
      return readBytes(v, what, undefined, type.max);
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
    case 'bytes': {
      const b = typeof v === 'string' ? fromHexOrUndefined(v) : undefined;
      if (!b) throw new ShapeError(`${what} must be hex`);
      if (b.length > type.max) throw new ShapeError(`${what} is ${b.length} bytes, over the limit of ${type.max}`);
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
    case 'bytes':
      return toHex(v as Uint8Array);
    default:
      return v as number | string | boolean;
  }
}

/** Reads a whole payload from its wire record (fields in schema order), typed by the schema. */
export function readArgsWire<S extends Schema>(schema: S, rec: Record<string, unknown>, what: string): ArgsOf<S> {
  const out: Record<string, FieldValue> = {};
  for (const name of Object.keys(schema)) out[name] = readFieldWire(schema[name]!, rec[name], `${what}.${name}`);
  return out as ArgsOf<S>;
}

/** Reads a whole payload from JSON, typed by the schema; every field is required. */
export function readArgsJson<S extends Schema>(schema: S, json: Record<string, unknown>, what: string): ArgsOf<S> {
  const out: Record<string, FieldValue> = {};
  for (const name of Object.keys(json)) if (!Object.hasOwn(schema, name)) throw new ShapeError(`${what}: unknown field '${name}'; the fields are ${Object.keys(schema).join(', ')}`);
  for (const name of Object.keys(schema)) {
    if (json[name] === undefined) throw new ShapeError(`${what}: missing field '${name}'`);
    out[name] = readFieldJson(schema[name]!, json[name], `${what}.${name}`);
  }
  return out as ArgsOf<S>;
}

/** The JSON form of typed arguments (payloads in RPC output). */
export function argsToJson(schema: Schema, args: Readonly<Record<string, FieldValue>>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(schema)) {
    const v = args[name];
    if (v !== undefined) out[name] = fieldToJson(schema[name]!, v);
  }
  return out;
}
